package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Condition;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nodes, disks, volumes and replicas for scheduler tests, built from the few fields that matter. */
final class Clusters {
    static final long MiB = 1L << 20;
    static final long GiB = 1L << 30;
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private Clusters() {}

    /** A disk as both its spec and its reported status describe it; {@code reported} false: no status yet. */
    record Disk(
            String name,
            String path,
            boolean allowScheduling,
            List<String> tags,
            boolean reported,
            long maximum,
            long available,
            long reserved) {
        Disk {
            tags = List.copyOf(tags);
        }

        static Disk of(String name, long maximum, long available) {
            return new Disk(name, "/mnt/" + name, true, List.of(), true, maximum, available, 0);
        }

        Disk reserving(long bytes) {
            return new Disk(name, path, allowScheduling, tags, reported, maximum, available, bytes);
        }

        Disk tagged(String... newTags) {
            return new Disk(name, path, allowScheduling, List.of(newTags), reported, maximum, available, reserved);
        }

        Disk disabled() {
            return new Disk(name, path, false, tags, reported, maximum, available, reserved);
        }

        Disk unreported() {
            return new Disk(name, path, allowScheduling, tags, false, maximum, available, reserved);
        }
    }

    static Node node(
            String name,
            boolean ready,
            boolean allowScheduling,
            boolean evictionRequested,
            List<String> tags,
            String zone,
            List<Disk> disks) {
        Map<String, Node.DiskSpec> specs = new LinkedHashMap<>();
        Map<String, Node.DiskStatus> statuses = new LinkedHashMap<>();
        for (Disk disk : disks) {
            specs.put(
                    disk.name(), new Node.DiskSpec(disk.path(), disk.allowScheduling(), disk.reserved(), disk.tags()));
            if (disk.reported()) {
                // storageScheduled is deliberately wrong: the scheduler must count replicas instead.
                statuses.put(
                        disk.name(), new Node.DiskStatus(disk.path(), disk.maximum(), disk.available(), 0, List.of()));
            }
        }
        Condition readiness = Condition.of(Node.READY, ready, ready ? "Heartbeat" : "NodeDown", "", NOW);
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("10.0.0.1", allowScheduling, tags, zone, specs, evictionRequested),
                new Node.Status(List.of(readiness), NOW, null, null, statuses));
    }

    static Node node(String name, String zone, Disk... disks) {
        return node(name, true, true, false, List.of(), zone, List.of(disks));
    }

    static Volume volume(String name, long size) {
        return volume(name, size, 3, List.of(), List.of(), 0);
    }

    static Volume volume(
            String name,
            long size,
            int replicas,
            List<String> nodeSelector,
            List<String> diskSelector,
            long actualSize) {
        Volume.Status status = new Volume.Status(
                Volume.State.DETACHED, Volume.Robustness.UNKNOWN, "", "", actualSize, List.of(), null);
        return new Volume(
                ObjectMeta.named(name),
                new Volume.Spec(size, replicas, Volume.DataLocality.DISABLED, 2880, nodeSelector, diskSelector, ""),
                status);
    }

    static Replica replica(String name, String volume, String node, String disk, long size, boolean failed) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec(
                        volume,
                        node,
                        disk,
                        "/mnt/" + disk + "/replicas/" + name,
                        size,
                        InstanceState.RUNNING,
                        null,
                        failed ? NOW : null),
                null);
    }

    static Settings.Spec settings(boolean nodeSoft, boolean zoneSoft, int overProvisioning, int minimalAvailable) {
        Settings.Spec d = Settings.defaults();
        return new Settings.Spec(
                d.defaultReplicaCount(),
                d.defaultDataPath(),
                nodeSoft,
                zoneSoft,
                overProvisioning,
                minimalAvailable,
                d.replicaReplenishmentWaitIntervalSeconds(),
                d.concurrentReplicaRebuildPerNodeLimit(),
                d.nodeDownTimeoutSeconds(),
                d.maxVolumeSize());
    }
}
