package dev.corral.controlplane;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Step one of a volume's reconcile: each replica's health from what the nodes and the engine
 * report. A replica fails (spec.failedAt) when its node is down, its instance is in error, or the
 * engine put it in ERR; it becomes healthy (healthyAt, failedAt cleared) when the engine serves it
 * RW. The engine's mode is copied into the replica's status so that clients see it in one place.
 */
final class ReplicaHealth {
    private final ClusterCache cache;
    private final Writer writer;

    ReplicaHealth(ClusterCache cache, Writer writer) {
        this.cache = cache;
        this.writer = writer;
    }

    void update(List<Replica> replicas, Optional<Engine> engine, Instant now) {
        for (Replica replica : replicas) {
            ReplicaMode mode = engine.filter(e -> e.spec().replicaAddresses().containsKey(replica.name()))
                    .map(e -> e.status().replicaModes().get(replica.name()))
                    .orElse(null);
            boolean nodeUp =
                    cache.node(replica.spec().nodeId()).map(Node::ready).orElse(false);
            Replica.Spec spec = replica.spec();
            if (mode == ReplicaMode.RW && nodeUp) {
                if (spec.failedAt() != null || spec.healthyAt() == null) {
                    spec = spec.withHealthyAt(now).withFailedAt(null);
                }
            } else if (spec.failedAt() == null && failing(replica, mode, nodeUp)) {
                spec = spec.withFailedAt(now);
            }
            ReplicaMode shown = nodeUp ? mode : (mode == null ? null : ReplicaMode.ERR);
            writer.update(
                    replica, replica.withSpec(spec).withStatus(replica.status().withMode(shown)));
        }
    }

    private static boolean failing(Replica replica, ReplicaMode mode, boolean nodeUp) {
        return !nodeUp || mode == ReplicaMode.ERR || replica.status().currentState() == InstanceState.ERROR;
    }
}
