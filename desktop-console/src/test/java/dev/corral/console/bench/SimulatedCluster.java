package dev.corral.console.bench;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Volume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A cluster of {@code nodes} nodes and {@code volumes} volumes of three replicas each, every volume
 * attached, and a stream of the status changes a busy cluster sends: heartbeats, replica modes
 * flipping (a replica failing and being rebuilt), rebuild progress, robustness changes.
 */
final class SimulatedCluster {
    private final Random random = new Random(42);
    private final List<Node> nodes = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final Map<String, Engine> engines = new HashMap<>();

    SimulatedCluster(int nodeCount, int volumeCount) {
        for (int n = 0; n < nodeCount; n++) {
            nodes.add(node(String.format("node-%03d", n), Instant.EPOCH));
        }
        for (int v = 0; v < volumeCount; v++) {
            String name = String.format("pvc-%05d", v);
            String home = nodes.get(v % nodeCount).name();
            volumes.add(volume(name, home, Volume.Robustness.HEALTHY));
            Map<String, ReplicaMode> modes = new HashMap<>();
            for (int r = 0; r < 3; r++) {
                String replica = name + "-r" + r;
                replicas.add(
                        replica(replica, name, nodes.get((v + r) % nodeCount).name(), ReplicaMode.RW));
                modes.put(replica, ReplicaMode.RW);
            }
            engines.put(name, engine(name, home, modes, Map.of()));
        }
    }

    List<Resource> all() {
        List<Resource> all = new ArrayList<>(nodes);
        all.addAll(volumes);
        all.addAll(replicas);
        all.addAll(engines.values());
        return all;
    }

    /** The next status change, as a watch would deliver it. */
    Resource next() {
        int kind = random.nextInt(10);
        if (kind < 3) {
            int i = random.nextInt(nodes.size());
            Node heartbeat = node(nodes.get(i).name(), Instant.now());
            nodes.set(i, heartbeat);
            return heartbeat;
        }
        if (kind < 6) {
            int i = random.nextInt(replicas.size());
            Replica old = replicas.get(i);
            ReplicaMode mode = old.status().mode() == ReplicaMode.RW ? ReplicaMode.WO : ReplicaMode.RW;
            Replica flipped =
                    replica(old.name(), old.spec().volumeName(), old.spec().nodeId(), mode);
            replicas.set(i, flipped);
            return flipped;
        }
        if (kind < 8) {
            int i = random.nextInt(volumes.size());
            Volume old = volumes.get(i);
            Volume.Robustness robustness = old.status().robustness() == Volume.Robustness.HEALTHY
                    ? Volume.Robustness.DEGRADED
                    : Volume.Robustness.HEALTHY;
            Volume changed = volume(old.name(), old.status().currentNodeId(), robustness);
            volumes.set(i, changed);
            return changed;
        }
        Volume v = volumes.get(random.nextInt(volumes.size()));
        Engine old = engines.get(v.name());
        String replica = v.name() + "-r" + random.nextInt(3);
        long total = 1L << 30;
        long done = (long) (random.nextDouble() * total);
        Engine progressed = engine(
                v.name(),
                old.spec().nodeId(),
                old.status().replicaModes(),
                Map.of(
                        replica,
                        new Engine.RebuildProgress(
                                v.name() + "-r0",
                                "RUNNING",
                                done,
                                total,
                                done,
                                100L << 20,
                                10.0,
                                null,
                                Instant.now())));
        engines.put(v.name(), progressed);
        return progressed;
    }

    private static Node node(String name, Instant heartbeat) {
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("10.0.0.1", true, List.of(), "", Map.of(), false),
                new Node.Status(
                        List.of(Condition.of(Node.READY, true, "Heartbeat", "", Instant.EPOCH)),
                        heartbeat,
                        null,
                        null,
                        Map.of()));
    }

    private static Volume volume(String name, String node, Volume.Robustness robustness) {
        return new Volume(
                ObjectMeta.named(name),
                new Volume.Spec(10L << 30, 3, null, 60, List.of(), List.of(), node),
                new Volume.Status(
                        Volume.State.ATTACHED,
                        robustness,
                        node,
                        "nbd://10.0.0.1:10809/" + name,
                        1L << 30,
                        List.of(),
                        null));
    }

    private static Replica replica(String name, String volume, String node, ReplicaMode mode) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec(
                        volume, node, "default", "/var/lib/corral", 10L << 30, InstanceState.RUNNING, null, null),
                new Replica.Status(InstanceState.RUNNING, "10.0.0.1:20000", mode, List.of()));
    }

    private static Engine engine(
            String volume, String node, Map<String, ReplicaMode> modes, Map<String, Engine.RebuildProgress> rebuilds) {
        return new Engine(
                ObjectMeta.named(volume),
                new Engine.Spec(volume, node, 10L << 30, Map.of(), InstanceState.RUNNING),
                new Engine.Status(InstanceState.RUNNING, "nbd://x", "", modes, rebuilds, 10L << 30, List.of()));
    }
}
