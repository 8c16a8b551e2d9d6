package dev.corral.engine.replica.auth;

import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.engine.cli.ReplicaPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Certificates for the authentication tests, made the way a cluster makes them: the cluster's
 * authority, another cluster's, and identities issued by either.
 */
final class TestIdentities {
    static final ClusterAuthority CLUSTER = ClusterAuthority.create("test", Clock.systemUTC());
    static final ClusterAuthority OTHER_CLUSTER = ClusterAuthority.create("other", Clock.systemUTC());

    /** The cluster's acceptance rule: nodes and the control plane. */
    static final Predicate<X509Certificate> CLUSTER_PEERS = ReplicaPeers::isNodeOrControlPlane;

    /** Short enough that a test waiting for a refusal by timeout is quick. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    private TestIdentities() {}

    static ClusterIdentity issue(ClusterAuthority authority, Principal principal) {
        return new ClusterIdentity(authority.issue(principal, List.of("127.0.0.1")), authority.certificate());
    }

    static ClusterIdentity node(String name) {
        return issue(CLUSTER, Principal.node(name));
    }

    /** Issued by the cluster's authority three years ago, so expired (leaves live 825 days). */
    static ClusterIdentity expiredNode(String name) throws IOException {
        Path dir = Files.createTempDirectory("corral-ca");
        try {
            CLUSTER.save(dir);
            Clock threeYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(3 * 365)), ZoneOffset.UTC);
            ClusterAuthority past = ClusterAuthority.load(dir, threeYearsAgo);
            return new ClusterIdentity(past.issue(Principal.node(name), List.of("127.0.0.1")), CLUSTER.certificate());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    static PeerAuthentication.SignedNonces nonces(ClusterIdentity identity) {
        return nonces(identity, CLUSTER_PEERS);
    }

    static PeerAuthentication.SignedNonces nonces(ClusterIdentity identity, Predicate<X509Certificate> accept) {
        return PeerAuthentication.signedNonces(
                        identity.identity().key(), identity.identity().chain(), identity.authority(), accept)
                .withHandshakeTimeout(HANDSHAKE_TIMEOUT);
    }

    static PeerAuthentication.MutualTls tlsServer(ClusterIdentity identity) {
        return PeerAuthentication.mutualTls(identity.serverContext(), CLUSTER_PEERS)
                .withHandshakeTimeout(HANDSHAKE_TIMEOUT);
    }

    static PeerAuthentication.MutualTls tlsClient(ClusterIdentity identity) {
        return PeerAuthentication.mutualTls(identity.clientContext(), CLUSTER_PEERS)
                .withHandshakeTimeout(HANDSHAKE_TIMEOUT);
    }
}
