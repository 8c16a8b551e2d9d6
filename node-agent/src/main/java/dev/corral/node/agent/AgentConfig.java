package dev.corral.node.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an agent is told at start: its node's name, directory, address and placement labels, and
 * how to start the instance process. The node's default disk is {@code NODEDIR/data}; the instance
 * keeps its files in {@code NODEDIR/instance}.
 *
 * @param instanceJvmOptions extra JVM options for the instance process (heap size, GC)
 * @param identity the node's identity: the agent's and its instance process's mutual TLS; without
 *     it the node API is plain http, on loopback only
 */
public record AgentConfig(
        String nodeName,
        Path nodeDir,
        String address,
        String zone,
        List<String> tags,
        List<String> instanceJvmOptions,
        Timings timings,
        int diskReservedPercent,
        Optional<NodeIdentity> identity) {
    public static final String DEFAULT_DISK = "default";

    public AgentConfig {
        nodeDir = nodeDir.toAbsolutePath().normalize();
        zone = zone == null ? "" : zone;
        tags = tags == null ? List.of() : List.copyOf(tags);
        instanceJvmOptions = instanceJvmOptions == null ? List.of() : List.copyOf(instanceJvmOptions);
        timings = timings == null ? Timings.DEFAULT : timings;
        if (diskReservedPercent < 0 || diskReservedPercent > 100) {
            throw new IllegalArgumentException("disk reserved percentage must be 0..100, not " + diskReservedPercent);
        }
        identity = identity == null ? Optional.empty() : identity;
    }

    /** A node without an identity (loopback only). */
    public AgentConfig(
            String nodeName,
            Path nodeDir,
            String address,
            String zone,
            List<String> tags,
            List<String> instanceJvmOptions,
            Timings timings,
            int diskReservedPercent) {
        this(
                nodeName,
                nodeDir,
                address,
                zone,
                tags,
                instanceJvmOptions,
                timings,
                diskReservedPercent,
                Optional.empty());
    }

    public Path dataDisk() {
        return nodeDir.resolve("data");
    }

    public Path instanceDir() {
        return nodeDir.resolve("instance");
    }

    /**
     * @param heartbeat how often the node's status is written (the control plane marks a node down
     *     after settings.nodeDownTimeoutSeconds of silence)
     * @param busyPoll how often engines are polled while one of them rebuilds
     * @param idlePoll how often engines are polled otherwise
     * @param resync how often every replica and engine of the node is reconciled without a change,
     *     to repair what a failed call left behind
     * @param instanceReady how long a new instance process may take to print its ready line
     * @param instanceRestartBackoff the longest wait between two starts of an instance process that
     *     keeps dying (the wait doubles from one heartbeat up to this)
     */
    public record Timings(
            Duration heartbeat,
            Duration busyPoll,
            Duration idlePoll,
            Duration resync,
            Duration instanceReady,
            Duration instanceRestartBackoff) {
        public static final Timings DEFAULT = new Timings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60));
    }
}
