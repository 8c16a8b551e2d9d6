package dev.corral.engine.replica.auth;

import java.io.IOException;

/** A replica connection's peer did not prove who it is, or is not one this end accepts. */
public final class PeerAuthenticationException extends IOException {
    public PeerAuthenticationException(String message) {
        super(message);
    }

    public PeerAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
