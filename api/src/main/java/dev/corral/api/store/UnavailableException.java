package dev.corral.api.store;

/**
 * Thrown by {@link Store}: the store cannot serve the call (closed, its file cannot be opened or
 * written, or an earlier write failed in a way that left its state in doubt). Unlike the other
 * refusals this says nothing about the object; retrying later, or after a restart, may succeed.
 */
public final class UnavailableException extends StoreException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
