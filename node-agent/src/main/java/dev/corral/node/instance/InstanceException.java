package dev.corral.node.instance;

/**
 * A request the instance process refuses, with the HTTP status that says why: the request itself
 * is wrong (400), what it names does not run here (404), or it contradicts what runs (409: another
 * directory under that name, no reachable replica for an engine).
 */
final class InstanceException extends RuntimeException {
    enum Reason {
        INVALID(400),
        NOT_FOUND(404),
        CONFLICT(409);

        final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Reason reason;

    InstanceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    static InstanceException invalid(String message) {
        return new InstanceException(Reason.INVALID, message);
    }

    static InstanceException notFound(String message) {
        return new InstanceException(Reason.NOT_FOUND, message);
    }

    static InstanceException conflict(String message) {
        return new InstanceException(Reason.CONFLICT, message);
    }

    int httpStatus() {
        return reason.httpStatus;
    }
}
