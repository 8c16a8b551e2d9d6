package dev.corral.api.store;

/** Thrown by {@link Store}: the object changed since it was read. */
public final class ConflictException extends StoreException {
    public ConflictException(String message) {
        super(message);
    }
}
