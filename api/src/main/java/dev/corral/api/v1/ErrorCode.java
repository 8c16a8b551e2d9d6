package dev.corral.api.v1;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code code} of an error body: one per distinct outcome a client acts on, so that a client
 * tells "the object changed under you" (read again) from "that name is taken" though both are 409.
 */
public enum ErrorCode {
    BadRequest(400),
    Unauthorized(401),
    Forbidden(403),
    NotFound(404),
    MethodNotAllowed(405),
    Conflict(409),
    AlreadyExists(409),
    PayloadTooLarge(413),
    UnsupportedMediaType(415),
    TooManyRequests(429),
    Internal(500),
    Unavailable(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static Optional<ErrorCode> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }

    /** The code a bare status stands for, when a body named none (a proxy's own error page). */
    public static ErrorCode forStatus(int status) {
        return Arrays.stream(values())
                .filter(c -> c.status == status)
                .findFirst()
                .orElse(status >= 500 ? Unavailable : BadRequest);
    }
}
