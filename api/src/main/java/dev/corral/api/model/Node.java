package dev.corral.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A storage node: where its agent and instance process listen, its disks and scheduling flags
 * (spec), and what its agent last reported (status). Conditions: {@code Ready} (heartbeats arrive;
 * reason {@code NodeDown} when they stopped) and {@code Schedulable}.
 */
public record Node(ObjectMeta metadata, Spec spec, Status status) implements Resource {
    public static final String READY = "Ready";
    public static final String SCHEDULABLE = "Schedulable";

    /**
     * @param address the IP the node's replicas and NBD exports bind to and are reached at
     * @param disks by disk name (the agent names its default disk "default")
     */
    public record Spec(
            String address,
            boolean allowScheduling,
            List<String> tags,
            String zone,
            Map<String, DiskSpec> disks,
            boolean evictionRequested) {
        public Spec {
            tags = tags == null ? List.of() : List.copyOf(tags);
            zone = zone == null ? "" : zone;
            disks = disks == null ? Map.of() : Map.copyOf(disks);
        }

        public Spec withAllowScheduling(boolean allow) {
            return new Spec(address, allow, tags, zone, disks, evictionRequested);
        }

        public Spec withEvictionRequested(boolean evict) {
            return new Spec(address, allowScheduling, tags, zone, disks, evict);
        }

        public Spec withDisks(Map<String, DiskSpec> newDisks) {
            return new Spec(address, allowScheduling, tags, zone, newDisks, evictionRequested);
        }
    }

    /** @param storageReserved bytes of the disk's filesystem kept free of replicas */
    public record DiskSpec(String path, boolean allowScheduling, long storageReserved, List<String> tags) {
        public DiskSpec {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * @param agentUrl the agent's own HTTP endpoint
     * @param instanceUrl the node's instance process (replicas and engines), as the agent reported it
     * @param disks by disk name, from statvfs at the last heartbeat
     */
    public record Status(
            List<Condition> conditions,
            Instant lastHeartbeat,
            String agentUrl,
            String instanceUrl,
            Map<String, DiskStatus> disks) {
        public Status {
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
            disks = disks == null ? Map.of() : Map.copyOf(disks);
        }

        public static Status empty() {
            return new Status(List.of(), null, null, null, Map.of());
        }

        public Status withConditions(List<Condition> newConditions) {
            return new Status(newConditions, lastHeartbeat, agentUrl, instanceUrl, disks);
        }
    }

    /**
     * @param storageMaximum the filesystem's size
     * @param storageAvailable free bytes for unprivileged users (statvfs f_bavail)
     * @param storageScheduled bytes of volume size already placed on the disk (the scheduler's
     *     over-provisioning rule counts these)
     */
    public record DiskStatus(
            String path,
            long storageMaximum,
            long storageAvailable,
            long storageScheduled,
            List<Condition> conditions) {
        public DiskStatus {
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }
    }

    public Node {
        status = status == null ? Status.empty() : status;
    }

    public boolean ready() {
        Condition c = Condition.find(status.conditions(), READY);
        return c != null && c.isTrue();
    }

    public Node withSpec(Spec newSpec) {
        return new Node(metadata, newSpec, status);
    }

    public Node withStatus(Status newStatus) {
        return new Node(metadata, spec, newStatus);
    }

    @Override
    public Node withMetadata(ObjectMeta newMetadata) {
        return new Node(newMetadata, spec, status);
    }
}
