package dev.corral.api.node;

import dev.corral.api.v1.ErrorCode;

/**
 * A call of a node's API that did not succeed: the node refused it ({@link #code()} says how,
 * {@link #reason()} why, in the node's words) or could not be reached ({@link #unreachable()},
 * code {@code Unavailable}). The message names the request too.
 */
public final class NodeCallException extends RuntimeException {
    private final ErrorCode code;
    private final boolean answered;
    private final String reason;

    private NodeCallException(ErrorCode code, boolean answered, String reason, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.answered = answered;
        this.reason = reason;
    }

    static NodeCallException refused(ErrorCode code, String reason, String request) {
        return new NodeCallException(code, true, reason, request + ": " + code.status() + " " + reason, null);
    }

    static NodeCallException unreachable(String reason, Throwable cause) {
        return new NodeCallException(ErrorCode.Unavailable, false, reason, reason, cause);
    }

    public ErrorCode code() {
        return code;
    }

    /** The node's own sentence for a refusal; for an unreachable node, what went wrong. */
    public String reason() {
        return reason;
    }

    public boolean unreachable() {
        return !answered;
    }

    public boolean notFound() {
        return answered && code == ErrorCode.NotFound;
    }
}
