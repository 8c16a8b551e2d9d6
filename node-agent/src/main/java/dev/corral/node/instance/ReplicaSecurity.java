package dev.corral.node.instance;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.cli.ReplicaPeers;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import java.util.Optional;

/**
 * How the node's replica servers and engines speak the replica protocol: with the node's identity,
 * both ends prove themselves before the first request (signed nonces; data in plain text for speed)
 * or, with {@code encryption} TLS, over mutual TLS; without one (a loopback-only instance, tests),
 * unauthenticated as the standalone engine is.
 */
record ReplicaSecurity(Optional<ClusterIdentity> identity, ReplicaPeers.Encryption encryption) {
    static ReplicaSecurity of(Optional<ClusterIdentity> identity) {
        return new ReplicaSecurity(identity, ReplicaPeers.Encryption.NONE);
    }

    ReplicaServerConfig servers(ReplicaServerConfig base) {
        return identity.map(id -> base.withAuthentication(ReplicaPeers.forServer(id, encryption)))
                .orElse(base);
    }

    ReplicaClientConfig clients(ReplicaClientConfig base) {
        return identity.map(id -> base.withAuthentication(ReplicaPeers.forClient(id, encryption)))
                .orElse(base);
    }
}
