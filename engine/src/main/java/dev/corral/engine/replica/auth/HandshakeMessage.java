package dev.corral.engine.replica.auth;

import java.security.cert.X509Certificate;
import java.util.List;

/** The frames of the handshake ({@link HandshakeFormat}), decoded. */
sealed interface HandshakeMessage {
    int type();

    record Hello(byte[] clientNonce) implements HandshakeMessage {
        @Override
        public int type() {
            return HandshakeFormat.HELLO;
        }
    }

    record ServerProof(byte[] serverNonce, List<X509Certificate> chain, byte[] signature) implements HandshakeMessage {
        @Override
        public int type() {
            return HandshakeFormat.SERVER_PROOF;
        }
    }

    record ClientProof(List<X509Certificate> chain, byte[] signature) implements HandshakeMessage {
        @Override
        public int type() {
            return HandshakeFormat.CLIENT_PROOF;
        }
    }

    record Accepted() implements HandshakeMessage {
        @Override
        public int type() {
            return HandshakeFormat.ACCEPTED;
        }
    }
}
