package dev.corral.api.client;

import dev.corral.api.v1.ErrorCode;

/**
 * The API refused a request for a reason that is not about an object's existence or version
 * (those become the store's exceptions): invalid input, missing credentials, a server fault. The
 * message is the server's reason, fit to show to the operator as it is.
 */
public final class ApiRequestException extends RuntimeException {
    private final int status;
    private final ErrorCode code;

    public ApiRequestException(int status, ErrorCode code, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }
}
