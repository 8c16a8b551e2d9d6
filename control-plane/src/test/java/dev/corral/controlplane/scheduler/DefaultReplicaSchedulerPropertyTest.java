package dev.corral.controlplane.scheduler;

import static dev.corral.controlplane.scheduler.Clusters.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random clusters (1-12 nodes of 1-3 disks, random sizes, reservations, tags, zones, readiness and
 * replicas of other volumes) and a volume of 1-5 replicas placed one at a time, each placement added
 * to the cluster before the next: every answer is checked against {@link Oracle}.
 */
class DefaultReplicaSchedulerPropertyTest {
    private static final List<String> TAGS = List.of("ssd", "hdd", "fast");
    private static final List<String> ZONES = List.of("", "z1", "z2", "z3");

    private final ReplicaScheduler scheduler = new DefaultReplicaScheduler();

    record DiskShape(
            boolean allowScheduling,
            List<String> tags,
            boolean reported,
            long maximumMiB,
            int availablePercent,
            int reservedPercent) {}

    record NodeShape(
            boolean ready,
            boolean allowScheduling,
            boolean evictionRequested,
            List<String> tags,
            String zone,
            List<DiskShape> disks) {}

    /** Indexes are taken modulo the cluster's node and disk counts. */
    record ReplicaShape(int node, int disk, long sizeMiB, boolean failed) {}

    record Scenario(
            List<Node> nodes,
            List<Replica> otherVolumes,
            List<Replica> ownReplicas,
            Volume volume,
            Settings.Spec settings,
            String preferredNode) {}

    // Scenario properties skip jqwik's edge cases: combined across a dozen generators they outnumber
    // the tries and are nearly all one-node clusters with that node down, which tests little (the
    // example tests cover those shapes one by one).
    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void placingOneByOneKeepsEveryRule(@ForAll("scenarios") Scenario scenario) {
        int placed = placeAll(scenario);
        Statistics.label("placed")
                .collect(placed == scenario.volume().spec().numberOfReplicas() ? "all" : placed == 0 ? "none" : "some");
        Statistics.label("placed").coverage(c -> {
            c.check("all").percentage(p -> p > 10);
            c.check("some").percentage(p -> p > 5);
            c.check("none").percentage(p -> p > 5);
        });
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void softAntiAffinityPlacesWheneverAnyDiskPassesTheOtherRules(@ForAll("scenarios") Scenario random) {
        Settings.Spec s = random.settings();
        Scenario scenario = new Scenario(
                random.nodes(),
                random.otherVolumes(),
                random.ownReplicas(),
                random.volume(),
                Clusters.settings(
                        true, true, s.storageOverProvisioningPercentage(), s.storageMinimalAvailablePercentage()),
                random.preferredNode());
        List<Replica> cluster = new ArrayList<>(scenario.otherVolumes());
        cluster.addAll(scenario.ownReplicas());
        ClusterSnapshot snapshot = new ClusterSnapshot(scenario.nodes(), cluster, scenario.settings());
        Oracle oracle = new Oracle(scenario.volume(), scenario.ownReplicas(), snapshot);

        Placement placement =
                scheduler.place(scenario.volume(), scenario.ownReplicas(), snapshot, scenario.preferredNode());

        Statistics.label("placed").collect(placement instanceof Placement.Placed);
        Statistics.label("placed").coverage(c -> {
            c.check(true).percentage(p -> p > 20);
            c.check(false).percentage(p -> p > 5);
        });
        assertThat(placement instanceof Placement.Placed)
                .as("placed iff some disk passes the rules other than anti-affinity: %s", placement)
                .isEqualTo(!oracle.optionsIgnoringAntiAffinity().isEmpty());
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void answerDoesNotDependOnListOrder(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        List<Replica> cluster = new ArrayList<>(scenario.otherVolumes());
        cluster.addAll(scenario.ownReplicas());
        Placement first = scheduler.place(
                scenario.volume(),
                scenario.ownReplicas(),
                new ClusterSnapshot(scenario.nodes(), cluster, scenario.settings()),
                scenario.preferredNode());

        Random random = new Random(seed);
        List<Node> nodes = new ArrayList<>(scenario.nodes());
        Collections.shuffle(nodes, random);
        Collections.shuffle(cluster, random);
        List<Replica> own = new ArrayList<>(scenario.ownReplicas());
        Collections.shuffle(own, random);
        Placement second = scheduler.place(
                scenario.volume(),
                own,
                new ClusterSnapshot(nodes, cluster, scenario.settings()),
                scenario.preferredNode());

        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 300)
    void percentOfIsTheExactFloor(
            @ForAll @LongRange(min = 0) long bytes, @ForAll @IntRange(min = 0, max = 1000) int percent) {
        BigInteger exact = BigInteger.valueOf(bytes)
                .multiply(BigInteger.valueOf(percent))
                .divide(BigInteger.valueOf(100))
                .min(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(DiskSpace.percentOf(bytes, percent)).isEqualTo(exact.longValueExact());
    }

    /** Places the volume's replicas one at a time; returns how many were placed. */
    private int placeAll(Scenario scenario) {
        List<Replica> cluster = new ArrayList<>(scenario.otherVolumes());
        cluster.addAll(scenario.ownReplicas());
        List<Replica> volumeReplicas = new ArrayList<>(scenario.ownReplicas());
        Set<String> nodesBefore = new HashSet<>();
        volumeReplicas.forEach(r -> nodesBefore.add(r.spec().nodeId()));
        Volume volume = scenario.volume();
        for (int i = 0; i < volume.spec().numberOfReplicas(); i++) {
            ClusterSnapshot snapshot = new ClusterSnapshot(scenario.nodes(), cluster, scenario.settings());
            Oracle oracle = new Oracle(volume, List.copyOf(volumeReplicas), snapshot);
            Placement placement =
                    scheduler.place(volume, List.copyOf(volumeReplicas), snapshot, scenario.preferredNode());
            switch (placement) {
                case Placement.Placed p -> {
                    checkPlaced(oracle, p, scenario.preferredNode());
                    if (!scenario.settings().replicaSoftAntiAffinity()) {
                        assertThat(nodesBefore).as("hard anti-affinity").doesNotContain(p.nodeId());
                    }
                    nodesBefore.add(p.nodeId());
                    Replica replica = Clusters.replica(
                            volume.name() + "-new-" + i,
                            volume.name(),
                            p.nodeId(),
                            p.diskName(),
                            volume.spec().size(),
                            false);
                    cluster.add(replica);
                    volumeReplicas.add(replica);
                }
                case Placement.Unschedulable u -> {
                    checkUnschedulable(oracle, u);
                    return i;
                }
            }
        }
        return volume.spec().numberOfReplicas();
    }

    private static void checkPlaced(Oracle oracle, Placement.Placed placed, String preferredNode) {
        Node node = oracle.node(placed.nodeId());
        Node.DiskSpec disk = node.spec().disks().get(placed.diskName());
        assertThat(disk).as("disk %s on %s", placed.diskName(), placed.nodeId()).isNotNull();
        assertThat(placed.diskPath()).isEqualTo(disk.path());
        assertThat(oracle.nodePasses(node)).as("node rules for %s", placed).isTrue();
        assertThat(oracle.diskPasses(node, placed.diskName()))
                .as("disk and space rules for %s", placed)
                .isTrue();
        assertThat(oracle.antiAffinityAllows(node))
                .as("anti-affinity for %s", placed)
                .isTrue();
        Oracle.Option expected = oracle.expected(preferredNode).orElseThrow();
        assertThat(placed)
                .as("best tier, most balanced disk (or the preferred node)")
                .isEqualTo(new Placement.Placed(
                        expected.node(),
                        expected.disk(),
                        oracle.node(expected.node())
                                .spec()
                                .disks()
                                .get(expected.disk())
                                .path()));
    }

    private static void checkUnschedulable(Oracle oracle, Placement.Unschedulable u) {
        assertThat(oracle.options()).as("unschedulable though a disk qualifies").isEmpty();
        Set<String> names = new HashSet<>();
        oracle.cluster().nodes().forEach(n -> names.add(n.name()));
        assertThat(u.reasonsByNode().keySet()).isEqualTo(names);
        assertThat(u.reasonsByNode().values())
                .allSatisfy(reason -> assertThat(reason).isNotBlank());
        for (Node node : oracle.cluster().nodes()) {
            if (!node.ready()) {
                assertThat(u.reasonsByNode().get(node.name())).isEqualTo("not ready");
            }
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<NodeShape>> nodes =
                nodeShape().list().ofMinSize(1).ofMaxSize(12).withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<List<ReplicaShape>> others = replicaShape().list().ofMaxSize(20);
        Arbitrary<List<ReplicaShape>> own = replicaShape().list().ofMaxSize(2);
        Arbitrary<Integer> preferred = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(-1)),
                Tuple.of(2, Arbitraries.integers().between(0, 11)));
        return Combinators.combine(nodes, others, own, volumes(), settings(), preferred)
                .as(DefaultReplicaSchedulerPropertyTest::scenario);
    }

    private static Scenario scenario(
            List<NodeShape> shapes,
            List<ReplicaShape> others,
            List<ReplicaShape> own,
            Volume volume,
            Settings.Spec settings,
            int preferred) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            nodes.add(node("node-" + (i + 1), shapes.get(i)));
        }
        List<Replica> otherReplicas = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            ReplicaShape r = others.get(i);
            Node node = nodes.get(r.node() % nodes.size());
            otherReplicas.add(Clusters.replica(
                    "other-" + i,
                    "other-" + (i % 4),
                    node.name(),
                    diskName(node, r.disk()),
                    r.sizeMiB() * MiB,
                    r.failed()));
        }
        // The volume's existing replicas are on distinct nodes: the scheduler never put two on one.
        List<Replica> ownReplicas = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < own.size(); i++) {
            ReplicaShape r = own.get(i);
            Node node = nodes.get(r.node() % nodes.size());
            if (used.add(node.name())) {
                ownReplicas.add(Clusters.replica(
                        "vol-old-" + i,
                        volume.name(),
                        node.name(),
                        diskName(node, r.disk()),
                        volume.spec().size(),
                        r.failed()));
            }
        }
        String preferredNode = preferred < 0 ? null : "node-" + (preferred % nodes.size() + 1);
        return new Scenario(nodes, otherReplicas, ownReplicas, volume, settings, preferredNode);
    }

    private static String diskName(Node node, int index) {
        List<String> names = node.spec().disks().keySet().stream().sorted().toList();
        return names.get(index % names.size());
    }

    private static Node node(String name, NodeShape shape) {
        List<Clusters.Disk> disks = new ArrayList<>();
        for (int j = 0; j < shape.disks().size(); j++) {
            DiskShape d = shape.disks().get(j);
            long maximum = d.maximumMiB() * MiB;
            disks.add(new Clusters.Disk(
                    "disk" + (j + 1),
                    "/mnt/" + name + "/disk" + (j + 1),
                    d.allowScheduling(),
                    d.tags(),
                    d.reported(),
                    maximum,
                    maximum / 100 * d.availablePercent(),
                    maximum / 100 * d.reservedPercent()));
        }
        return Clusters.node(
                name,
                shape.ready(),
                shape.allowScheduling(),
                shape.evictionRequested(),
                shape.tags(),
                shape.zone(),
                disks);
    }

    private static Arbitrary<NodeShape> nodeShape() {
        return Combinators.combine(
                        mostly(true, 85),
                        mostly(true, 85),
                        mostly(false, 90),
                        tags(),
                        Arbitraries.of(ZONES),
                        diskShape().list().ofMinSize(1).ofMaxSize(3))
                .as(NodeShape::new);
    }

    private static Arbitrary<DiskShape> diskShape() {
        Arbitrary<Integer> reserved = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 30)));
        // Mostly roomy disks, so that volumes place often and the space rules decide at the margin.
        Arbitrary<Integer> available = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(50, 100)),
                Tuple.of(1, Arbitraries.integers().between(0, 100)));
        return Combinators.combine(
                        mostly(true, 90),
                        tags(),
                        mostly(true, 92),
                        Arbitraries.longs().between(1024, 256 * 1024),
                        available,
                        reserved)
                .as(DiskShape::new);
    }

    private static Arbitrary<ReplicaShape> replicaShape() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 11),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(1, 16 * 1024),
                        mostly(false, 80))
                .as(ReplicaShape::new);
    }

    private static Arbitrary<Volume> volumes() {
        Arbitrary<Long> sizeMiB = Arbitraries.longs().between(1, 8 * 1024);
        Arbitrary<Integer> replicas = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> actualPercent = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 100)));
        return Combinators.combine(sizeMiB, replicas, selector(), selector(), actualPercent)
                .as((size, count, nodeSelector, diskSelector, actual) -> Clusters.volume(
                        "vol", size * MiB, count, nodeSelector, diskSelector, size * MiB / 100 * actual));
    }

    private static Arbitrary<Settings.Spec> settings() {
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        mostly(true, 75),
                        Arbitraries.of(50, 100, 150, 200, 500),
                        Arbitraries.of(0, 10, 25, 50))
                .as(Clusters::settings);
    }

    /** Tags a node or disk carries: often several, so that selectors are usually satisfiable. */
    private static Arbitrary<List<String>> tags() {
        return Arbitraries.of(TAGS)
                .set()
                .ofMaxSize(3)
                .map(set -> set.stream().sorted().toList());
    }

    /** A volume's selector: usually none. */
    private static Arbitrary<List<String>> selector() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<String>of())),
                Tuple.of(
                        1,
                        Arbitraries.of(TAGS)
                                .set()
                                .ofMinSize(1)
                                .ofMaxSize(2)
                                .map(s -> s.stream().sorted().toList())));
    }

    private static Arbitrary<Boolean> mostly(boolean value, int percent) {
        return Arbitraries.frequency(Tuple.of(percent, value), Tuple.of(100 - percent, !value));
    }
}
