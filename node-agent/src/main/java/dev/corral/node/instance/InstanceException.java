package dev.corral.node.instance;

import dev.corral.api.v1.ErrorCode;

/**
 * A request the instance process refuses, with the code that says why: the request itself is
 * wrong (BadRequest), what it names does not run here (NotFound), or it contradicts what runs
 * (Conflict: another directory under that name, no reachable replica for an engine).
 */
final class InstanceException extends RuntimeException {
    private final ErrorCode code;

    private InstanceException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    static InstanceException invalid(String message) {
        return new InstanceException(ErrorCode.BadRequest, message);
    }

    static InstanceException notFound(String message) {
        return new InstanceException(ErrorCode.NotFound, message);
    }

    static InstanceException conflict(String message) {
        return new InstanceException(ErrorCode.Conflict, message);
    }

    ErrorCode code() {
        return code;
    }
}
