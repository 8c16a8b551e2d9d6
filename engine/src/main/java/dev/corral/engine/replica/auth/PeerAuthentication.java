package dev.corral.engine.replica.auth;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * How the two ends of a replica connection prove who they are before the first request is read.
 * The same value configures a server ({@code ReplicaServerConfig.withAuthentication}) and a client
 * ({@code ReplicaClientConfig.withAuthentication}); each end presents its own certificate and
 * accepts a peer only when the peer's chain leads to the one trusted authority and {@code
 * acceptPeer} says yes to the peer's certificate. A refused peer's connection is closed before a
 * request is read.
 *
 * <ul>
 *   <li>{@link #none()}: anyone who can reach the port is served (the standalone engine, tests).
 *   <li>{@link #signedNonces}: each side signs a transcript over a fresh nonce from both sides with
 *       its certificate's key (see {@link HandshakeFormat}); data then flows in plain text, at full
 *       speed. Guards against anonymous clients, other clusters' certificates and replayed
 *       handshakes, not against someone on the path who reads or rewrites the traffic.
 *   <li>{@link #mutualTls}: TLS with client certificates required; every byte is encrypted and
 *       authenticated, at a cost measured in docs/benchmarks.md.
 * </ul>
 */
public sealed interface PeerAuthentication
        permits PeerAuthentication.None, PeerAuthentication.SignedNonces, PeerAuthentication.MutualTls {
    Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** No authentication: every connection is served at once. */
    static PeerAuthentication none() {
        return new None();
    }

    /**
     * Certificate-signed nonces, data in plain text.
     *
     * @param key the private key of {@code chain}'s first certificate
     * @param chain this end's certificate first, then any intermediates (the authority may follow)
     * @param authority the only issuer a peer's chain may lead to
     * @param acceptPeer says which authenticated peers may talk to this end (by principal)
     */
    static SignedNonces signedNonces(
            PrivateKey key,
            List<X509Certificate> chain,
            X509Certificate authority,
            Predicate<X509Certificate> acceptPeer) {
        return new SignedNonces(key, chain, authority, acceptPeer, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * Mutual TLS through {@code context}, which holds this end's key and certificate and trusts
     * only the cluster's authority (the caller's to build; {@code TlsContexts} in the api module
     * does). The server requires a client certificate; both ends then apply {@code acceptPeer}.
     */
    static MutualTls mutualTls(SSLContext context, Predicate<X509Certificate> acceptPeer) {
        return new MutualTls(context, acceptPeer, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** How long a connection may take to authenticate before it is closed; zero for {@link None}. */
    Duration handshakeTimeout();

    record None() implements PeerAuthentication {
        @Override
        public Duration handshakeTimeout() {
            return Duration.ZERO;
        }
    }

    record SignedNonces(
            PrivateKey key,
            List<X509Certificate> chain,
            X509Certificate authority,
            Predicate<X509Certificate> acceptPeer,
            Duration handshakeTimeout)
            implements PeerAuthentication {
        public SignedNonces {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(acceptPeer, "acceptPeer");
            requirePositive(handshakeTimeout);
            if (chain.isEmpty() || chain.size() > HandshakeFormat.MAX_CHAIN_CERTIFICATES) {
                throw new IllegalArgumentException("a certificate chain of 1.." + HandshakeFormat.MAX_CHAIN_CERTIFICATES
                        + " certificates is needed");
            }
            Signatures.requireKeyMatches(key, chain.getFirst());
        }

        public SignedNonces withHandshakeTimeout(Duration timeout) {
            return new SignedNonces(key, chain, authority, acceptPeer, timeout);
        }

        /** Names the certificate, never the key. */
        @Override
        public String toString() {
            return "SignedNonces[" + chain.getFirst().getSubjectX500Principal().getName() + ", authority "
                    + authority.getSubjectX500Principal().getName() + ", handshakeTimeout " + handshakeTimeout + "]";
        }
    }

    record MutualTls(SSLContext context, Predicate<X509Certificate> acceptPeer, Duration handshakeTimeout)
            implements PeerAuthentication {
        public MutualTls {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(acceptPeer, "acceptPeer");
            requirePositive(handshakeTimeout);
        }

        public MutualTls withHandshakeTimeout(Duration timeout) {
            return new MutualTls(context, acceptPeer, timeout);
        }
    }

    private static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "handshakeTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
    }
}
