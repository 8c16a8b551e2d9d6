package dev.corral.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.Store;
import dev.corral.controlplane.scheduler.DefaultReplicaScheduler;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.testsupport.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's reconcile loops against a real store, with the agents' side played by the
 * test: it writes heartbeats, replica addresses and engine modes as agents would, and checks what
 * the control plane decides from them.
 */
class ControlPlaneTest {
    private static final long GIB = 1L << 30;
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private Store store;
    private ControlPlane controlPlane;
    private int nextPort = 20_000;
    /** Nodes whose agents are alive: they heartbeat every 500 ms, as agents do every 2 s. */
    private final Set<String> alive = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir.resolve("state.db"));
        store.create(new Settings(
                ObjectMeta.named(Settings.NAME), new Settings.Spec(3, "data", false, true, 100, 25, 10, 5, 4, null)));
        for (int i = 1; i <= 3; i++) {
            store.create(node("node-" + i));
            alive.add("node-" + i);
        }
        agents.scheduleWithFixedDelay(() -> alive.forEach(this::heartbeat), 500, 500, TimeUnit.MILLISECONDS);
        controlPlane = new ControlPlane(store, new DefaultReplicaScheduler(), Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        agents.shutdownNow();
        agents.awaitTermination(5, TimeUnit.SECONDS);
        controlPlane.close();
        store.close();
    }

    @Test
    void volumeGetsOneReplicaPerNodeAndBecomesHealthyWhenAttached() {
        createVolume("vol-a", 3);
        Await.until(WAIT, "3 replicas", () -> replicas("vol-a").size() == 3);
        assertThat(replicas("vol-a").stream().map(r -> r.spec().nodeId()).distinct())
                .hasSize(3);
        runReplicas("vol-a");
        Await.until(
                WAIT,
                "detached and healthy",
                () -> volume("vol-a").status().state() == Volume.State.DETACHED
                        && volume("vol-a").status().robustness() == Volume.Robustness.HEALTHY);

        attach("vol-a", "node-1");
        Await.until(WAIT, "engine on node-1", () -> engine("vol-a") != null);
        assertThat(engine("vol-a").spec().nodeId()).isEqualTo("node-1");
        assertThat(engine("vol-a").spec().replicaAddresses()).hasSize(3);
        runEngine("vol-a");
        Await.until(
                WAIT,
                "attached, healthy",
                () -> volume("vol-a").status().state() == Volume.State.ATTACHED
                        && volume("vol-a").status().robustness() == Volume.Robustness.HEALTHY);
        assertThat(volume("vol-a").status().endpoint()).isEqualTo("nbd://127.0.0.1:10809/vol-a");
        assertThat(replicas("vol-a")).allSatisfy(r -> {
            assertThat(r.status().mode()).isEqualTo(ReplicaMode.RW);
            assertThat(r.spec().healthyAt()).isNotNull();
        });
    }

    @Test
    void nodeThatStopsHeartbeatingDegradesTheVolumeAndItsReplicaIsReusedWhenItReturns() {
        createVolume("vol-b", 3);
        Await.until(WAIT, "3 replicas", () -> replicas("vol-b").size() == 3);
        runReplicas("vol-b");
        attach("vol-b", "node-1");
        Await.until(WAIT, "engine", () -> engine("vol-b") != null);
        runEngine("vol-b");
        Await.until(WAIT, "healthy", () -> volume("vol-b").status().robustness() == Volume.Robustness.HEALTHY);

        Replica onNode2 = replicas("vol-b").stream()
                .filter(r -> r.spec().nodeId().equals("node-2"))
                .findFirst()
                .orElseThrow();
        heartbeatStops("node-2");
        Await.until(
                WAIT,
                "node-2 down",
                () -> !store.get(Kind.NODE, "node-2").orElseThrow().ready());
        Await.until(WAIT, "replica failed, dropped from the engine", () -> {
            Replica r = replica(onNode2.name());
            return r.spec().failedAt() != null
                    && !engine("vol-b").spec().replicaAddresses().containsKey(r.name());
        });
        // The engine notices too; its report leaves two RW replicas: degraded.
        engineModes("vol-b", m -> {
            m.remove(onNode2.name());
            return m;
        });
        Await.until(WAIT, "degraded", () -> volume("vol-b").status().robustness() == Volume.Robustness.DEGRADED);
        assertThat(volume("vol-b").status().lastDegradedAt()).isNotNull();

        // Back within the wait interval (10 s here): same replica, new address, put back into the engine.
        alive.add("node-2");
        String newAddress = "127.0.0.1:" + nextPort++;
        update(
                Kind.REPLICA,
                onNode2.name(),
                r -> r.withStatus(new Replica.Status(
                        InstanceState.RUNNING, newAddress, r.status().mode(), List.of())));
        Await.until(
                WAIT,
                "re-added for a delta rebuild",
                () -> newAddress.equals(
                        engine("vol-b").spec().replicaAddresses().get(onNode2.name())));
        assertThat(replicas("vol-b")).hasSize(3);
        engineModes("vol-b", m -> {
            m.put(onNode2.name(), ReplicaMode.RW);
            return m;
        });
        Await.until(
                WAIT,
                "healthy again",
                () -> volume("vol-b").status().robustness() == Volume.Robustness.HEALTHY
                        && replica(onNode2.name()).spec().failedAt() == null);
    }

    @Test
    void replicaIsRebuiltElsewhereWhenItsNodeStaysAwayLongerThanTheWait() {
        createVolume("vol-c", 3);
        Await.until(WAIT, "3 replicas", () -> replicas("vol-c").size() == 3);
        runReplicas("vol-c");
        attach("vol-c", "node-1");
        Await.until(WAIT, "engine", () -> engine("vol-c") != null);
        runEngine("vol-c");
        Await.until(WAIT, "healthy", () -> volume("vol-c").status().robustness() == Volume.Robustness.HEALTHY);
        store.create(node("node-4"));
        alive.add("node-4");
        update(
                Kind.SETTINGS,
                Settings.NAME,
                s -> s.withSpec(new Settings.Spec(3, "data", false, true, 100, 25, 1, 5, 4, null)));

        heartbeatStops("node-3");
        Await.until(
                WAIT,
                "a replica on node-4",
                () -> replicas("vol-c").stream().anyMatch(r -> r.spec().nodeId().equals("node-4")));
        Replica fresh = replicas("vol-c").stream()
                .filter(r -> r.spec().nodeId().equals("node-4"))
                .findFirst()
                .orElseThrow();
        runReplicas("vol-c");
        Await.until(
                WAIT,
                "new replica given to the engine",
                () -> engine("vol-c").spec().replicaAddresses().containsKey(fresh.name()));
        engineModes("vol-c", m -> {
            m.keySet()
                    .removeIf(name -> replica(name) != null
                            && replica(name).spec().nodeId().equals("node-3"));
            m.put(fresh.name(), ReplicaMode.RW);
            return m;
        });
        Await.until(
                WAIT,
                "old replica deleted once healthy",
                () -> replicas("vol-c").size() == 3
                        && replicas("vol-c").stream()
                                .noneMatch(r -> r.spec().nodeId().equals("node-3"))
                        && volume("vol-c").status().robustness() == Volume.Robustness.HEALTHY);
    }

    @Test
    void volumeThatCannotBePlacedSaysWhyForEveryNode() {
        createVolume("vol-d", 4);
        Await.until(WAIT, "Scheduled=False", () -> {
            Condition c = Condition.find(volume("vol-d").status().conditions(), Volume.SCHEDULED);
            return c != null && !c.isTrue();
        });
        Condition c = Condition.find(volume("vol-d").status().conditions(), Volume.SCHEDULED);
        assertThat(c.reason()).isEqualTo(ReplicaPlanner.SCHEDULING_FAILED);
        assertThat(c.message()).contains("node-1").contains("node-2").contains("node-3");
        assertThat(replicas("vol-d")).hasSize(3);
    }

    @Test
    void bestEffortLocalityMovesAReplicaToTheAttachedNode() {
        store.create(new Volume(
                ObjectMeta.named("vol-l"),
                new Volume.Spec(GIB, 2, Volume.DataLocality.BEST_EFFORT, 0, List.of(), List.of(), ""),
                null));
        Await.until(WAIT, "2 replicas", () -> replicas("vol-l").size() == 2);
        String spare = List.of("node-1", "node-2", "node-3").stream()
                .filter(n -> replicas("vol-l").stream()
                        .noneMatch(r -> r.spec().nodeId().equals(n)))
                .findFirst()
                .orElseThrow();
        runReplicas("vol-l");
        attach("vol-l", spare);
        Await.until(WAIT, "engine", () -> engine("vol-l") != null);
        runEngine("vol-l");
        Await.until(
                WAIT,
                "a replica on the attached node",
                () -> replicas("vol-l").stream().anyMatch(r -> r.spec().nodeId().equals(spare)));
        runReplicas("vol-l");
        Await.until(
                WAIT,
                "given to the engine",
                () -> engine("vol-l").spec().replicaAddresses().size() == 3);
        runEngine("vol-l");
        Await.until(
                WAIT,
                "back to 2 replicas, one local",
                () -> replicas("vol-l").size() == 2
                        && replicas("vol-l").stream()
                                .anyMatch(r -> r.spec().nodeId().equals(spare)));
    }

    @Test
    void whenEveryReplicaHasFailedAttachSalvagesThoseThatHeldTheData() {
        createVolume("vol-s", 2);
        Await.until(WAIT, "2 replicas", () -> replicas("vol-s").size() == 2);
        runReplicas("vol-s");
        attach("vol-s", "node-3");
        Await.until(WAIT, "engine", () -> engine("vol-s") != null);
        runEngine("vol-s");
        Await.until(WAIT, "healthy", () -> volume("vol-s").status().robustness() == Volume.Robustness.HEALTHY);
        update(Kind.VOLUME, "vol-s", v -> v.withSpec(v.spec().withNodeId("")));
        Await.until(WAIT, "detached", () -> engine("vol-s") == null);

        List<String> holders =
                replicas("vol-s").stream().map(r -> r.spec().nodeId()).toList();
        holders.forEach(this::heartbeatStops);
        Await.until(
                WAIT,
                "every replica failed",
                () -> replicas("vol-s").stream().allMatch(r -> r.spec().failedAt() != null));
        holders.forEach(alive::add);
        attach("vol-s", "node-3");
        Await.until(
                WAIT,
                "engine salvaging both",
                () -> engine("vol-s") != null
                        && engine("vol-s").spec().replicaAddresses().size() == 2);
    }

    @Test
    void deletingAVolumeRemovesItsEngineAndReplicas() {
        createVolume("vol-e", 2);
        Await.until(WAIT, "2 replicas", () -> replicas("vol-e").size() == 2);
        runReplicas("vol-e");
        attach("vol-e", "node-2");
        Await.until(WAIT, "engine", () -> engine("vol-e") != null);
        update(Kind.VOLUME, "vol-e", v -> v.withMetadata(v.metadata().withDeletionTimestamp(Instant.now())));
        Await.until(
                WAIT,
                "all gone",
                () -> store.get(Kind.VOLUME, "vol-e").isEmpty()
                        && replicas("vol-e").isEmpty()
                        && engine("vol-e") == null);
    }

    // --- the agents' side, played by the test ---

    private Node node(String name) {
        Map<String, Node.DiskSpec> disks = Map.of("default", new Node.DiskSpec("/data/" + name, true, 0, List.of()));
        Map<String, Node.DiskStatus> status =
                Map.of("default", new Node.DiskStatus("/data/" + name, 100 * GIB, 90 * GIB, 0, List.of()));
        Instant now = Instant.now();
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("127.0.0.1", true, List.of(), "", disks, false),
                new Node.Status(
                        List.of(Condition.of(Node.READY, true, "Heartbeat", "", now)), now, null, null, status));
    }

    private void heartbeat(String name) {
        update(
                Kind.NODE,
                name,
                n -> n.withStatus(new Node.Status(
                        Condition.put(
                                n.status().conditions(),
                                Condition.of(Node.READY, true, "Heartbeat", "", Instant.now())),
                        Instant.now(),
                        null,
                        null,
                        n.status().disks())));
    }

    /** The node's agent goes silent: the control plane notices after its timeout (4 s here). */
    private void heartbeatStops(String name) {
        alive.remove(name);
    }

    private void createVolume(String name, int replicas) {
        store.create(new Volume(
                ObjectMeta.named(name),
                new Volume.Spec(GIB, replicas, Volume.DataLocality.DISABLED, 0, List.of(), List.of(), ""),
                null));
    }

    private void attach(String name, String node) {
        update(Kind.VOLUME, name, v -> v.withSpec(v.spec().withNodeId(node)));
    }

    private void runReplicas(String volume) {
        for (Replica r : replicas(volume)) {
            if (r.status().currentState() != InstanceState.RUNNING) {
                String address = "127.0.0.1:" + nextPort++;
                update(
                        Kind.REPLICA,
                        r.name(),
                        x -> x.withStatus(new Replica.Status(
                                InstanceState.RUNNING, address, x.status().mode(), List.of())));
            }
        }
    }

    private void runEngine(String volume) {
        update(Kind.ENGINE, volume, e -> {
            Map<String, ReplicaMode> modes = new HashMap<>();
            e.spec().replicaAddresses().keySet().forEach(name -> modes.put(name, ReplicaMode.RW));
            return e.withStatus(new Engine.Status(
                    InstanceState.RUNNING,
                    "nbd://127.0.0.1:10809/" + volume,
                    "http://127.0.0.1:9999",
                    modes,
                    Map.of(),
                    e.spec().size(),
                    List.of()));
        });
    }

    private void engineModes(String volume, UnaryOperator<Map<String, ReplicaMode>> change) {
        update(Kind.ENGINE, volume, e -> {
            Engine.Status s = e.status();
            return e.withStatus(new Engine.Status(
                    s.currentState(),
                    s.endpoint(),
                    s.instanceUrl(),
                    change.apply(new HashMap<>(s.replicaModes())),
                    s.rebuilds(),
                    s.size(),
                    s.conditions()));
        });
    }

    /** Read, change, write; again on a conflict with the control plane's own writes. */
    private <T extends Resource> void update(Kind<T> kind, String name, UnaryOperator<T> change) {
        while (true) {
            T current = store.get(kind, name).orElseThrow();
            try {
                store.update(change.apply(current));
                return;
            } catch (ConflictException raced) {
                // read again
            }
        }
    }

    private Volume volume(String name) {
        return store.get(Kind.VOLUME, name).orElseThrow();
    }

    private Engine engine(String volume) {
        return store.get(Kind.ENGINE, volume).orElse(null);
    }

    private Replica replica(String name) {
        return store.get(Kind.REPLICA, name).orElse(null);
    }

    private List<Replica> replicas(String volume) {
        return store.list(Kind.REPLICA).stream()
                .filter(r -> r.spec().volumeName().equals(volume))
                .toList();
    }
}
