package dev.corral.node.instance;

/**
 * An instance API call that did not succeed: the instance refused it ({@link #status()} is the
 * HTTP status, the message its reason) or could not be reached (status 0).
 */
public final class InstanceCallException extends RuntimeException {
    private final int status;

    public InstanceCallException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0;
    }

    public boolean notFound() {
        return status == 404;
    }
}
