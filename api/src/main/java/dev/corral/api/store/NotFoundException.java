package dev.corral.api.store;

/** Thrown by {@link Store}: no such object. */
public final class NotFoundException extends StoreException {
    public NotFoundException(String message) {
        super(message);
    }
}
