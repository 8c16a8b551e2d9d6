package dev.corral.console.events;

import java.time.Instant;

/**
 * Something that happened in the cluster, as an operator would say it: "node-2 is down", "replica
 * r1 of pg-data on node-2 failed".
 *
 * @param object what it happened to, as {@code Kind/name}
 * @param volume the volume it concerns (for the volume's own list), empty for nodes
 */
public record ClusterEvent(Instant at, Severity severity, String object, String volume, String message) {
    public enum Severity {
        INFO,
        WARNING
    }
}
