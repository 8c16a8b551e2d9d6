package dev.corral.api.store;

/** A store operation that was refused; the message says why, for the API's error body. */
public sealed class StoreException extends RuntimeException
        permits ConflictException, NotFoundException, AlreadyExistsException, UnavailableException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
