package dev.corral.controlplane.server;

import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.ErrorCode;

/** A request the API refuses, with the status code and the reason it answers. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String reason) {
        super(reason);
        this.code = code;
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(ErrorCode.BadRequest, reason);
    }

    public static ApiException conflict(String reason) {
        return new ApiException(ErrorCode.Conflict, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(ErrorCode.NotFound, reason);
    }

    public ErrorCode code() {
        return code;
    }

    public ApiError error() {
        return new ApiError(getMessage(), code);
    }
}
