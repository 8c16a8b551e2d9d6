package dev.corral.api.store;

/** Thrown by {@link Store}: an object of that kind and name exists. */
public final class AlreadyExistsException extends StoreException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
