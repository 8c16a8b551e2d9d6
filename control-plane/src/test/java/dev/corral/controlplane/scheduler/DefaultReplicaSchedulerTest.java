package dev.corral.controlplane.scheduler;

import static dev.corral.controlplane.scheduler.Clusters.GiB;
import static dev.corral.controlplane.scheduler.Clusters.node;
import static dev.corral.controlplane.scheduler.Clusters.replica;
import static dev.corral.controlplane.scheduler.Clusters.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.controlplane.scheduler.Clusters.Disk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DefaultReplicaSchedulerTest {
    private static final Settings.Spec DEFAULTS = Settings.defaults();
    private static final Settings.Spec SOFT_NODE = Clusters.settings(true, true, 100, 25);
    private static final Settings.Spec HARD_ZONE = Clusters.settings(false, false, 100, 25);

    private final ReplicaScheduler scheduler = new DefaultReplicaScheduler();
    private final Volume pvc = volume("pvc", 4 * GiB);

    private static Disk roomy(String name) {
        return Disk.of(name, 100 * GiB, 100 * GiB);
    }

    private static Node ready(String name, Disk... disks) {
        return node(name, "", disks);
    }

    /** Replicas of another volume that take {@code bytes} of scheduled space on a disk. */
    private static Replica filler(String node, String disk, long bytes) {
        return replica("filler-" + node + "-" + disk, "other", node, disk, bytes, false);
    }

    private static Replica ownReplica(String name, String node) {
        return replica(name, "pvc", node, "default", 4 * GiB, true);
    }

    private Placement place(
            Volume volume,
            List<Replica> volumeReplicas,
            List<Node> nodes,
            List<Replica> otherReplicas,
            Settings.Spec settings,
            String preferredNode) {
        List<Replica> all = new ArrayList<>(otherReplicas);
        all.addAll(volumeReplicas);
        return scheduler.place(volume, volumeReplicas, new ClusterSnapshot(nodes, all, settings), preferredNode);
    }

    private Placement place(List<Replica> volumeReplicas, List<Node> nodes, List<Replica> otherReplicas) {
        return place(pvc, volumeReplicas, nodes, otherReplicas, DEFAULTS, null);
    }

    /** The reason a one-node cluster gives for refusing the replica. */
    private String reason(Volume volume, Node node, List<Replica> otherReplicas, Settings.Spec settings) {
        Placement placement = place(volume, List.of(), List.of(node), otherReplicas, settings, null);
        assertThat(placement).isInstanceOf(Placement.Unschedulable.class);
        return ((Placement.Unschedulable) placement).reasonsByNode().get(node.name());
    }

    private String reason(Node node) {
        return reason(pvc, node, List.of(), DEFAULTS);
    }

    private static Placement.Placed placed(String node, String disk) {
        return new Placement.Placed(node, disk, "/mnt/" + disk);
    }

    @Nested
    class Reasons {
        @Test
        void notReady() {
            Node down = node("node-3", false, true, false, List.of(), "", List.of(roomy("default")));
            assertThat(reason(down)).isEqualTo("not ready");
        }

        @Test
        void schedulingDisabled() {
            Node cordoned = node("node-4", true, false, false, List.of(), "", List.of(roomy("default")));
            assertThat(reason(cordoned)).isEqualTo("scheduling disabled");
        }

        @Test
        void evictionRequested() {
            Node evicting = node("node-7", true, true, true, List.of(), "", List.of(roomy("default")));
            assertThat(reason(evicting)).isEqualTo("eviction requested");
        }

        @Test
        void missingNodeTagsListsTheMissingOnesOnly() {
            Volume tagged = volume("pvc", 4 * GiB, 3, List.of("ssd", "fast", "nvme"), List.of(), 0);
            Node node = node("node-5", true, true, false, List.of("fast"), "", List.of(roomy("default")));
            assertThat(reason(tagged, node, List.of(), DEFAULTS)).isEqualTo("missing tags [ssd, nvme]");
        }

        @Test
        void alreadyHoldsAReplicaEvenAFailedOne() {
            Placement placement = place(
                    List.of(ownReplica("pvc-r1", "node-1")), List.of(ready("node-1", roomy("default"))), List.of());
            assertThat(placement)
                    .isEqualTo(new Placement.Unschedulable(Map.of("node-1", "already holds a replica of this volume")));
        }

        @Test
        void zoneHoldsAReplicaUnderHardZoneAntiAffinity() {
            Placement placement = place(
                    pvc,
                    List.of(ownReplica("pvc-r1", "node-1")),
                    List.of(node("node-1", "z1", roomy("default")), node("node-2", "z1", roomy("default"))),
                    List.of(),
                    HARD_ZONE,
                    null);
            assertThat(placement)
                    .isEqualTo(new Placement.Unschedulable(Map.of(
                            "node-1", "already holds a replica of this volume",
                            "node-2", "zone z1 already holds a replica of this volume")));
        }

        @Test
        void diskBelowMinimalAvailable() {
            Node node = ready("node-2", new Disk("data", "/data", true, List.of(), true, 10 * GiB, 1288490188L, 0));
            assertThat(reason(node))
                    .isEqualTo("disk data (/data) has 1.2 GiB available; needs more than 25 % of 10 GiB free");
        }

        @Test
        void minimalAvailableNamesReservedSpaceAndVolumeData() {
            Volume written = volume("pvc", 4 * GiB, 3, List.of(), List.of(), GiB);
            Node node = ready("node-2", Disk.of("default", 10 * GiB, 5 * GiB).reserving(2 * GiB));
            assertThat(reason(written, node, List.of(), DEFAULTS))
                    .isEqualTo("disk default (/mnt/default) has 5 GiB available, 2 GiB after 2 GiB reserved"
                            + " and 1 GiB of volume data; needs more than 25 % of 10 GiB free");
        }

        @Test
        void reservationLargerThanFreeSpaceShowsANegativeRemainder() {
            Node node = ready("node-2", Disk.of("default", 10 * GiB, GiB).reserving(3 * GiB));
            assertThat(reason(node))
                    .isEqualTo("disk default (/mnt/default) has 1 GiB available, -2 GiB after 3 GiB reserved;"
                            + " needs more than 25 % of 10 GiB free");
        }

        @Test
        void overProvisioned() {
            Node node = ready("node-6", Disk.of("default", 20 * GiB, 20 * GiB));
            assertThat(reason(pvc, node, List.of(filler("node-6", "default", 18 * GiB)), DEFAULTS))
                    .isEqualTo("disk default (/mnt/default) would be over-provisioned: 18 GiB scheduled + 4 GiB"
                            + " > 20 GiB allowed (100 % of 20 GiB)");
        }

        @Test
        void overProvisionedAfterReservation() {
            Node node = ready("node-6", Disk.of("default", 8 * GiB, 8 * GiB).reserving(5 * GiB));
            assertThat(reason(volume("pvc", 5 * GiB), node, List.of(), Clusters.settings(false, true, 150, 25)))
                    .isEqualTo("disk default (/mnt/default) would be over-provisioned: 0 B scheduled + 5 GiB"
                            + " > 4.5 GiB allowed (150 % of 8 GiB - 5 GiB reserved)");
        }

        @Test
        void diskSchedulingDisabled() {
            assertThat(reason(ready("node-8", roomy("default").disabled())))
                    .isEqualTo("disk default (/mnt/default) scheduling disabled");
        }

        @Test
        void diskMissingTags() {
            Volume fast = volume("pvc", 4 * GiB, 3, List.of(), List.of("fast"), 0);
            Node node = ready("node-9", roomy("default").tagged("ssd"));
            assertThat(reason(fast, node, List.of(), DEFAULTS))
                    .isEqualTo("disk default (/mnt/default) missing tags [fast]");
        }

        @Test
        void diskNotReportedYet() {
            assertThat(reason(ready("node-10", roomy("default").unreported())))
                    .isEqualTo("disk default (/mnt/default) has no status yet (the node's agent has not reported it)");
        }

        @Test
        void noDisks() {
            assertThat(reason(ready("node-11"))).isEqualTo("no disks");
        }

        @Test
        void everyDiskOfANodeGetsItsReasonInNameOrder() {
            Node node = ready("node-12", roomy("b").disabled(), Disk.of("a", 10 * GiB, 0));
            assertThat(reason(node))
                    .isEqualTo("disk a (/mnt/a) has 0 B available; needs more than 25 % of 10 GiB free,"
                            + " disk b (/mnt/b) scheduling disabled");
        }

        @Test
        void everyNodeGetsItsOwnReasonInTheMessage() {
            Placement placement = place(
                    List.of(ownReplica("pvc-r1", "node-1")),
                    List.of(
                            node("node-3", false, true, false, List.of(), "", List.of(roomy("default"))),
                            ready("node-1", roomy("default")),
                            ready("node-2", roomy("default").disabled())),
                    List.of());
            assertThat(((Placement.Unschedulable) placement).message())
                    .isEqualTo("node-1: already holds a replica of this volume;"
                            + " node-2: disk default (/mnt/default) scheduling disabled; node-3: not ready");
        }
    }

    @Nested
    class Space {
        @Test
        void exactlyAtTheOverProvisioningLimitFits() {
            Node node = ready("node-1", Disk.of("default", 20 * GiB, 20 * GiB));
            Placement placement = place(List.of(), List.of(node), List.of(filler("node-1", "default", 16 * GiB)));
            assertThat(placement).isEqualTo(placed("node-1", "default"));
        }

        @Test
        void overProvisioningPercentageLetsScheduledSizeExceedTheDisk() {
            Node node = ready("node-1", Disk.of("default", 10 * GiB, 10 * GiB));
            List<Replica> fillers = List.of(filler("node-1", "default", 15 * GiB));
            assertThat(place(pvc, List.of(), List.of(node), fillers, Clusters.settings(false, true, 200, 25), null))
                    .isEqualTo(placed("node-1", "default"));
            assertThat(place(pvc, List.of(), List.of(node), fillers, DEFAULTS, null))
                    .isInstanceOf(Placement.Unschedulable.class);
        }

        @Test
        void minimalAvailableIsStrict() {
            long quarter = 10 * GiB / 4;
            assertThat(place(List.of(), List.of(ready("node-1", Disk.of("default", 10 * GiB, quarter))), List.of()))
                    .isInstanceOf(Placement.Unschedulable.class);
            assertThat(place(List.of(), List.of(ready("node-1", Disk.of("default", 10 * GiB, quarter + 1))), List.of()))
                    .isEqualTo(placed("node-1", "default"));
        }

        @Test
        void scheduledSpaceComesFromReplicasNotTheLaggingDiskStatus() {
            // The agent's last report says the disk is full of scheduled volumes; no replica is on it.
            Node stale = ready("node-1", roomy("default"));
            Node.DiskStatus reported = stale.status().disks().get("default");
            stale = stale.withStatus(new Node.Status(
                    stale.status().conditions(),
                    Clusters.NOW,
                    null,
                    null,
                    Map.of(
                            "default",
                            new Node.DiskStatus(
                                    reported.path(),
                                    reported.storageMaximum(),
                                    reported.storageAvailable(),
                                    1L << 50,
                                    List.of()))));
            assertThat(place(List.of(), List.of(stale), List.of())).isEqualTo(placed("node-1", "default"));
        }

        @Test
        void volumeReplicasMissingFromTheSnapshotCountOnceEach() {
            Node node = ready("node-1", Disk.of("default", 10 * GiB, 10 * GiB));
            Volume big = volume("pvc", 6 * GiB);
            Replica first = replica("pvc-r1", "pvc", "node-1", "default", 6 * GiB, false);
            String expected = "disk default (/mnt/default) would be over-provisioned: 6 GiB scheduled + 6 GiB"
                    + " > 10 GiB allowed (100 % of 10 GiB)";
            // Not yet in the cluster's list (the caller took the snapshot before creating it).
            Placement missing = scheduler.place(
                    big, List.of(first), new ClusterSnapshot(List.of(node), List.of(), SOFT_NODE), null);
            // In both lists: counted once.
            Placement both = scheduler.place(
                    big, List.of(first), new ClusterSnapshot(List.of(node), List.of(first), SOFT_NODE), null);
            assertThat(missing).isEqualTo(new Placement.Unschedulable(Map.of("node-1", expected)));
            assertThat(both).isEqualTo(missing);
        }
    }

    @Nested
    class Choice {
        @Test
        void mostBalancedDiskIsTheLeastScheduledShareNotTheMostFreeBytes() {
            // node-big has 40 GiB left to schedule, node-small 20 GiB; but node-big is 65 % scheduled after
            // the replica and node-small 25 %.
            Placement placement = place(
                    List.of(),
                    List.of(
                            ready("node-big", roomy("default")),
                            ready("node-small", Disk.of("default", 20 * GiB, 20 * GiB))),
                    List.of(filler("node-big", "default", 60 * GiB)));
            assertThat(placement).isEqualTo(placed("node-small", "default"));
        }

        @Test
        void mostBalancedDiskOfANode() {
            Placement placement = place(
                    List.of(),
                    List.of(ready("node-1", roomy("d1"), roomy("d2"))),
                    List.of(filler("node-1", "d1", GiB)));
            assertThat(placement).isEqualTo(placed("node-1", "d2"));
        }

        @Test
        void tiesGoToTheNodeNameThenTheDiskName() {
            assertThat(place(List.of(), List.of(ready("node-b", roomy("d1")), ready("node-a", roomy("d2"))), List.of()))
                    .isEqualTo(placed("node-a", "d2"));
            assertThat(place(List.of(), List.of(ready("node-a", roomy("d2"), roomy("d1"))), List.of()))
                    .isEqualTo(placed("node-a", "d1"));
        }

        @Test
        void aNewZoneWinsOverABetterBalancedDiskInAZoneWithAReplica() {
            List<Node> nodes = List.of(
                    node("node-a", "z1", roomy("default")),
                    node("node-b", "z1", roomy("default")),
                    node("node-c", "z2", roomy("default")));
            Placement placement = place(
                    List.of(ownReplica("pvc-r1", "node-a")), nodes, List.of(filler("node-c", "default", 50 * GiB)));
            assertThat(placement).isEqualTo(placed("node-c", "default"));
        }

        @Test
        void sameZoneIsTheFallbackWhenNoOtherZoneFits() {
            List<Node> nodes = List.of(
                    node("node-a", "z1", roomy("default")),
                    node("node-b", "z1", roomy("default")),
                    node("node-c", "z2", roomy("default").disabled()));
            assertThat(place(List.of(ownReplica("pvc-r1", "node-a")), nodes, List.of()))
                    .isEqualTo(placed("node-b", "default"));
        }

        @Test
        void anEmptyZoneIsNoZoneAndNeverShared() {
            List<Node> nodes = List.of(
                    node("node-a", "", roomy("default")),
                    node("node-b", "", roomy("default")),
                    node("node-c", "z2", roomy("default")));
            Placement placement = place(
                    List.of(ownReplica("pvc-r1", "node-a")), nodes, List.of(filler("node-c", "default", 50 * GiB)));
            assertThat(placement).isEqualTo(placed("node-b", "default"));
        }

        @Test
        void softAntiAffinityReusesANodeOnlyWhenNoOtherFits() {
            List<Replica> own = List.of(ownReplica("pvc-r1", "node-a"));
            Node fuller = ready("node-b", roomy("default"));
            List<Replica> fill = List.of(filler("node-b", "default", 90 * GiB));
            assertThat(place(pvc, own, List.of(ready("node-a", roomy("default")), fuller), fill, SOFT_NODE, null))
                    .isEqualTo(placed("node-b", "default"));
            Node full = ready("node-b", Disk.of("default", 100 * GiB, 0));
            assertThat(place(pvc, own, List.of(ready("node-a", roomy("default")), full), fill, SOFT_NODE, null))
                    .isEqualTo(placed("node-a", "default"));
        }
    }

    @Nested
    class PreferredNode {
        private final List<Node> nodes = List.of(
                node("node-a", "z1", roomy("default")),
                node("node-b", "z2", roomy("default")),
                node("node-p", "z1", roomy("d1"), roomy("d2")));
        private final List<Replica> own = List.of(ownReplica("pvc-r1", "node-a"));

        @Test
        void winsOverZoneSpreadingAndBalance() {
            List<Replica> fill = List.of(filler("node-p", "d1", 30 * GiB), filler("node-p", "d2", 20 * GiB));
            assertThat(place(pvc, own, nodes, fill, DEFAULTS, "node-p")).isEqualTo(placed("node-p", "d2"));
        }

        @Test
        void ignoredWhenIneligible() {
            List<Replica> fill = List.of(
                    filler("node-p", "d1", 99 * GiB), replica("filler-2", "other", "node-p", "d2", 99 * GiB, false));
            assertThat(place(pvc, own, nodes, fill, DEFAULTS, "node-p")).isEqualTo(placed("node-b", "default"));
        }

        @Test
        void ignoredWhenItAlreadyHoldsAReplicaEvenUnderSoftAntiAffinity() {
            assertThat(place(pvc, own, nodes, List.of(), SOFT_NODE, "node-a")).isEqualTo(placed("node-b", "default"));
        }

        @Test
        void unknownPreferredNodeChangesNothing() {
            assertThat(place(pvc, own, nodes, List.of(), DEFAULTS, "gone")).isEqualTo(placed("node-b", "default"));
        }
    }

    @Test
    void pathComesFromTheStatusWhenTheSpecHasNone() {
        Node node = new Node(
                ObjectMeta.named("node-1"),
                new Node.Spec(
                        "10.0.0.1",
                        true,
                        List.of(),
                        "",
                        Map.of("default", new Node.DiskSpec("", true, 0, List.of())),
                        false),
                new Node.Status(
                        List.of(Condition.of(Node.READY, true, "Heartbeat", "", Clusters.NOW)),
                        Clusters.NOW,
                        null,
                        null,
                        Map.of("default", new Node.DiskStatus("/var/lib/corral", 100 * GiB, 100 * GiB, 0, List.of()))));
        assertThat(place(List.of(), List.of(node), List.of()))
                .isEqualTo(new Placement.Placed("node-1", "default", "/var/lib/corral"));
    }
}
