package dev.corral.engine.controller;

import java.time.Duration;

/**
 * Tunables of a volume controller. The defaults follow Longhorn's: a replica that does not answer
 * within 8 s is failed, and each replica is pinged every 2 s so an idle volume notices too.
 */
public record ControllerConfig(Duration replicaTimeout, Duration pingInterval, int connectionsPerReplica) {
    public static final ControllerConfig DEFAULTS =
            new ControllerConfig(Duration.ofSeconds(8), Duration.ofSeconds(2), 2);

    public ControllerConfig {
        if (replicaTimeout.isNegative() || replicaTimeout.isZero()) {
            throw new IllegalArgumentException("replica timeout must be positive");
        }
        if (pingInterval.compareTo(replicaTimeout) >= 0) {
            throw new IllegalArgumentException("ping interval must be shorter than the replica timeout");
        }
        if (connectionsPerReplica < 1 || connectionsPerReplica > 16) {
            throw new IllegalArgumentException("connections per replica must be 1..16");
        }
    }
}
