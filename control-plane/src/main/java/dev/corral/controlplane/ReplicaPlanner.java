package dev.corral.controlplane;

import dev.corral.api.model.Condition;
import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.controlplane.scheduler.ClusterSnapshot;
import dev.corral.controlplane.scheduler.Placement;
import dev.corral.controlplane.scheduler.ReplicaScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Step two of a volume's reconcile: the right number of replicas. Failed replicas are waited for
 * during the replenishment interval (their node may come back, and then a delta rebuild reuses
 * their data); after it, a replacement is scheduled elsewhere, and the failed one is deleted once
 * enough replicas are RW again. Best-effort data locality adds one replica on the attached node.
 * The outcome of scheduling is the volume's {@code Scheduled} condition, with the scheduler's
 * reason per node when a replica cannot be placed.
 */
final class ReplicaPlanner {
    static final String SCHEDULING_FAILED = "ReplicaSchedulingFailure";

    private final ClusterCache cache;
    private final Writer writer;
    private final ReplicaScheduler scheduler;

    ReplicaPlanner(ClusterCache cache, Writer writer, ReplicaScheduler scheduler) {
        this.cache = cache;
        this.writer = writer;
        this.scheduler = scheduler;
    }

    /** Creates missing replicas and removes surplus ones; answers the Scheduled condition. */
    Condition plan(Volume volume, List<Replica> replicas, Settings.Spec settings, Instant now) {
        Instant waitedOut = now.minusSeconds(settings.replicaReplenishmentWaitIntervalSeconds());
        List<Replica> active =
                replicas.stream().filter(r -> r.spec().failedAt() == null).toList();
        List<Replica> awaited = replicas.stream()
                .filter(r -> r.spec().failedAt() != null && r.spec().failedAt().isAfter(waitedOut))
                .toList();
        int wanted = volume.spec().numberOfReplicas();
        String localNode = locality(volume, active);
        if (localNode != null) {
            wanted++;
        }
        List<Replica> all = new ArrayList<>(replicas);
        Condition scheduled = Condition.of(Volume.SCHEDULED, true, "ReplicasScheduled", "", now);
        for (int missing = wanted - active.size() - awaited.size(); missing > 0; missing--) {
            ClusterSnapshot snapshot = new ClusterSnapshot(cache.list(Kind.NODE), cache.list(Kind.REPLICA), settings);
            Placement placement = scheduler.place(volume, all, snapshot, localNode);
            switch (placement) {
                case Placement.Placed placed -> {
                    all.add(writer.create(newReplica(volume, placed)));
                    localNode = null;
                }
                case Placement.Unschedulable why -> {
                    scheduled = Condition.of(
                            Volume.SCHEDULED,
                            false,
                            SCHEDULING_FAILED,
                            "cannot place replica " + (wanted - missing + 1) + " of " + wanted + ": " + why.message(),
                            now);
                    missing = 0;
                }
            }
        }
        removeSurplus(volume, replicas, waitedOut);
        return scheduled;
    }

    /**
     * The attached node, when best-effort locality asks for a replica there and none of the active
     * ones is on it; null otherwise.
     */
    private String locality(Volume volume, List<Replica> active) {
        String node = volume.status().currentNodeId();
        if (volume.spec().dataLocality() != Volume.DataLocality.BEST_EFFORT || node.isEmpty()) {
            return null;
        }
        boolean local = active.stream().anyMatch(r -> r.spec().nodeId().equals(node));
        return local ? null : node;
    }

    /**
     * Failed replicas whose wait is over go once enough replicas are RW without them; with more
     * RW replicas than wanted (a locality replica finished), one not on the attached node goes.
     */
    private void removeSurplus(Volume volume, List<Replica> replicas, Instant waitedOut) {
        List<Replica> rw = replicas.stream()
                .filter(r -> r.status().mode() == ReplicaMode.RW && r.spec().failedAt() == null)
                .toList();
        int wanted = volume.spec().numberOfReplicas();
        // Detached, there are no modes: count replicas that hold the data (were RW and have not
        // failed since). Never-rebuilt replacements do not count, so data is never dropped for them.
        boolean detachedAndWhole = volume.spec().nodeId().isEmpty()
                && replicas.stream()
                                .filter(r ->
                                        r.spec().failedAt() == null && r.spec().healthyAt() != null)
                                .count()
                        >= wanted;
        if (rw.size() >= wanted || detachedAndWhole) {
            for (Replica r : replicas) {
                if (r.spec().failedAt() != null && !r.spec().failedAt().isAfter(waitedOut)) {
                    writer.delete(r);
                }
            }
        }
        if (rw.size() > wanted) {
            String attachedOn = volume.status().currentNodeId();
            rw.stream()
                    .filter(r -> !r.spec().nodeId().equals(attachedOn))
                    .findFirst()
                    .ifPresent(writer::delete);
        }
    }

    private Replica newReplica(Volume volume, Placement.Placed placed) {
        String name = volume.name() + "-r-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String dir = DiskLayout.replicaDirectory(placed.diskPath(), name).toString();
        return new Replica(
                ObjectMeta.named(name, Map.of("corral.dev/volume", volume.name())),
                new Replica.Spec(
                        volume.name(),
                        placed.nodeId(),
                        placed.diskName(),
                        dir,
                        volume.spec().size(),
                        null,
                        null,
                        null),
                null);
    }
}
