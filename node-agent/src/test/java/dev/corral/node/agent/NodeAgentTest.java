package dev.corral.node.agent;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static dev.corral.node.agent.AgentFixture.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.ReplicaView;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.node.instance.LaunchedInstance;
import dev.corral.node.instance.TestData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in this JVM over an embedded store, with its instance process as a real child JVM. */
@SystemTest
class NodeAgentTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final long SIZE = 16L << 20;

    @TempDir
    Path tmp;

    private SqliteStore store;
    private AgentFixture cluster;
    private NodeAgent agent;

    @BeforeEach
    void openStore() {
        store = SqliteStore.open(tmp.resolve("state.db"));
        cluster = new AgentFixture(store, tmp.resolve("node-1"));
    }

    @AfterEach
    void stopEverything() {
        if (agent != null) {
            agent.close();
        }
        cluster.stopInstance();
        store.close();
    }

    @Test
    void registersTheNodeAndHeartbeats() throws IOException {
        agent = NodeAgent.start(cluster.config(), store);

        Node node = store.get(Kind.NODE, NODE).orElseThrow();
        assertThat(node.spec().address()).isEqualTo("127.0.0.1");
        assertThat(node.spec().allowScheduling()).isTrue();
        assertThat(node.spec().zone()).isEqualTo("zone-a");
        assertThat(node.spec().tags()).containsExactly("ssd", "fast");
        assertThat(node.spec().disks()).containsOnlyKeys("default");
        assertThat(node.spec().disks().get("default").path())
                .isEqualTo(tmp.resolve("node-1/data").toString());

        Node beating = cluster.await(Kind.NODE, NODE, "a heartbeat", Node::ready);
        Condition ready = Condition.find(beating.status().conditions(), Node.READY);
        assertThat(ready.reason()).isEqualTo("Heartbeat");
        assertThat(beating.status().instanceUrl()).isEqualTo(agent.instanceUrl());
        Node.DiskStatus disk = beating.status().disks().get("default");
        assertThat(disk.storageMaximum()).isPositive();
        assertThat(disk.storageAvailable()).isPositive().isLessThanOrEqualTo(disk.storageMaximum());
        assertThat(disk.storageScheduled()).isZero();

        Instant first = beating.status().lastHeartbeat();
        Node later = cluster.await(
                Kind.NODE,
                NODE,
                "the next heartbeat",
                n -> n.status().lastHeartbeat().isAfter(first));
        assertThat(Condition.find(later.status().conditions(), Node.READY).lastTransitionTime())
                .isEqualTo(ready.lastTransitionTime());

        cluster.createReplica("vol-r1", "vol", SIZE);
        cluster.await(
                Kind.NODE,
                NODE,
                "the replica's size counted on its disk",
                n -> n.status().disks().get("default").storageScheduled() == SIZE);
    }

    @Test
    void replicasAndAnEngineFollowTheirObjects() throws IOException {
        agent = NodeAgent.start(cluster.config(), store);
        for (String name : List.of("vol-r1", "vol-r2", "vol-r3")) {
            cluster.createReplica(name, "vol", SIZE);
        }
        Map<String, String> addresses = Map.of(
                "vol-r1", cluster.awaitRunning("vol-r1").status().address(),
                "vol-r2", cluster.awaitRunning("vol-r2").status().address(),
                "vol-r3", cluster.awaitRunning("vol-r3").status().address());
        assertThat(addresses.values()).doesNotHaveDuplicates().allMatch(a -> a.startsWith("127.0.0.1:"));
        assertThat(cluster.replicaDir("vol-r1").resolve("replica.json")).exists();

        cluster.createEngine("vol", SIZE, addresses);
        Engine engine = cluster.await(
                Kind.ENGINE,
                "vol",
                "the engine serves with three RW replicas",
                e -> e.status()
                        .replicaModes()
                        .equals(Map.of("vol-r1", ReplicaMode.RW, "vol-r2", ReplicaMode.RW, "vol-r3", ReplicaMode.RW)));
        assertThat(engine.status().currentState()).isEqualTo(InstanceState.RUNNING);
        assertThat(engine.status().endpoint()).matches("nbd\\+unix:///vol\\?socket=/.+/vol\\.sock");
        assertThat(engine.status().instanceUrl()).isEqualTo(agent.instanceUrl());
        assertThat(engine.status().size()).isEqualTo(SIZE);
        String endpoint = engine.status().endpoint();

        Path data = TestData.randomFile(tmp.resolve("data"), SIZE, 7);
        run(T, "nbdcopy", "--flush", data.toString(), endpoint);

        // The control plane replaces vol-r3 by vol-r4: out of the engine, a rebuild onto the new one.
        cluster.createReplica("vol-r4", "vol", SIZE);
        String r4 = cluster.awaitRunning("vol-r4").status().address();
        cluster.modify(
                Kind.ENGINE,
                "vol",
                e -> e.withSpec(e.spec()
                        .withReplicaAddresses(Map.of(
                                "vol-r1", addresses.get("vol-r1"), "vol-r2", addresses.get("vol-r2"), "vol-r4", r4))));
        Engine rebuilt = cluster.await(
                Kind.ENGINE,
                "vol",
                "vol-r4 is rebuilt",
                e -> e.status()
                        .replicaModes()
                        .equals(Map.of("vol-r1", ReplicaMode.RW, "vol-r2", ReplicaMode.RW, "vol-r4", ReplicaMode.RW)));
        assertThat(rebuilt.status().rebuilds()).containsOnlyKeys("vol-r4");
        assertThat(rebuilt.status().rebuilds().get("vol-r4").state()).isEqualTo("COMPLETED");
        assertThat(rebuilt.status().rebuilds().get("vol-r4").source()).isIn("vol-r1", "vol-r2");

        store.delete(Kind.REPLICA, "vol-r3", 0);
        Await.until(T, "vol-r3's directory is removed", () -> !Files.exists(cluster.replicaDir("vol-r3")));
        assertThat(instance().replicas()).extracting(ReplicaView::name).doesNotContain("vol-r3");

        cluster.modify(Kind.ENGINE, "vol", e -> e.withSpec(e.spec().withSize(2 * SIZE)));
        cluster.await(Kind.ENGINE, "vol", "the engine grows", e -> e.status().size() == 2 * SIZE);

        // Served from the rebuilt replica alone, every byte written before is there.
        cluster.modify(Kind.ENGINE, "vol", e -> e.withSpec(e.spec().withReplicaAddresses(Map.of("vol-r4", r4))));
        cluster.await(
                Kind.ENGINE,
                "vol",
                "only vol-r4 is left",
                e -> e.status().replicaModes().equals(Map.of("vol-r4", ReplicaMode.RW)));
        Path back = tmp.resolve("back");
        run(T, "nbdcopy", "--flush", endpoint, back.toString());
        assertThat(TestData.sha256(back.toFile().length() == SIZE ? back : truncated(back, SIZE)))
                .isEqualTo(TestData.sha256(data));

        store.delete(Kind.ENGINE, "vol", 0);
        Await.until(T, "the engine stops", () -> instance().engines().isEmpty());
    }

    @Test
    void anEngineLargerThanItsDetachedReplicasGrowsThemAndKeepsTheData() throws IOException {
        agent = NodeAgent.start(cluster.config(), store);
        cluster.createReplica("off-r1", "off", SIZE);
        cluster.createReplica("off-r2", "off", SIZE);
        Map<String, String> addresses = Map.of(
                "off-r1", cluster.awaitRunning("off-r1").status().address(),
                "off-r2", cluster.awaitRunning("off-r2").status().address());
        cluster.createEngine("off", SIZE, addresses);
        Engine first = cluster.await(
                Kind.ENGINE,
                "off",
                "the engine serves",
                e -> e.status().replicaModes().size() == 2
                        && e.status().replicaModes().values().stream().allMatch(m -> m == ReplicaMode.RW));
        Path data = TestData.randomFile(tmp.resolve("off-data"), SIZE, 11);
        run(T, "nbdcopy", "--flush", data.toString(), first.status().endpoint());

        // Detached, expanded (the store's volume, and so its next engine, is larger), attached again.
        store.delete(Kind.ENGINE, "off", 0);
        Await.until(T, "the engine stops", () -> instance().engines().isEmpty());
        cluster.createEngine("off", 2 * SIZE, addresses);
        Engine grown = cluster.await(
                Kind.ENGINE,
                "off",
                "the engine serves at the new size",
                e -> e.status().size() == 2 * SIZE
                        && e.status()
                                .replicaModes()
                                .equals(Map.of("off-r1", ReplicaMode.RW, "off-r2", ReplicaMode.RW)));

        Path back = tmp.resolve("off-back");
        run(T, "nbdcopy", "--flush", grown.status().endpoint(), back.toString());
        assertThat(back.toFile().length()).isEqualTo(2 * SIZE);
        assertThat(TestData.sha256(truncated(back, SIZE))).isEqualTo(TestData.sha256(data));
        store.delete(Kind.ENGINE, "off", 0);
        Await.until(T, "the engine stops again", () -> instance().engines().isEmpty());
    }

    @Test
    void aRestartedAgentAdoptsTheInstanceWhileItsVolumeServes() throws Exception {
        agent = NodeAgent.start(cluster.config(), store);
        long instancePid = agent.instancePid();
        cluster.createReplica("vol-r1", "vol", SIZE);
        cluster.createReplica("vol-r2", "vol", SIZE);
        cluster.createEngine(
                "vol",
                SIZE,
                Map.of(
                        "vol-r1", cluster.awaitRunning("vol-r1").status().address(),
                        "vol-r2", cluster.awaitRunning("vol-r2").status().address()));
        String endpoint = cluster.await(
                        Kind.ENGINE,
                        "vol",
                        "the engine serves",
                        e -> !e.status().endpoint().isEmpty())
                .status()
                .endpoint();
        Path data = TestData.randomFile(tmp.resolve("data"), SIZE, 11);

        // NBD clients keep copying while the agent goes away and a new one starts.
        AtomicBoolean copying = new AtomicBoolean(true);
        AtomicInteger copies = new AtomicInteger();
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<?> io = client.submit(() -> {
            while (copying.get()) {
                run(T, "nbdcopy", "--flush", data.toString(), endpoint);
                copies.incrementAndGet();
            }
            return null;
        });
        try {
            Await.until(T, "a first copy", () -> copies.get() > 0);
            agent.close(); // the agent's work stops, nothing is cleaned up: as after a SIGKILL
            agent = NodeAgent.start(cluster.config(), store);
            int before = copies.get();
            Await.until(T, "two more copies", () -> copies.get() >= before + 2);
        } finally {
            copying.set(false);
            io.get();
            client.shutdown();
        }
        assertThat(agent.instancePid()).isEqualTo(instancePid);
        assertThat(cluster.instanceProcesses()).extracting(ProcessHandle::pid).containsExactly(instancePid);
        assertThat(store.get(Kind.ENGINE, "vol").orElseThrow().status().endpoint())
                .isEqualTo(endpoint);
        Path back = tmp.resolve("back");
        run(T, "nbdcopy", endpoint, back.toString());
        assertThat(TestData.sha256(back)).isEqualTo(TestData.sha256(data));
    }

    @Test
    void aDeadInstanceIsReplacedAndTheReplicasReopenTheirData() throws Exception {
        agent = NodeAgent.start(cluster.config(), store);
        long firstPid = agent.instancePid();
        cluster.createReplica("vol-r1", "vol", SIZE);
        cluster.createReplica("vol-r2", "vol", SIZE);
        String r1 = cluster.awaitRunning("vol-r1").status().address();
        String r2 = cluster.awaitRunning("vol-r2").status().address();
        cluster.createEngine("vol", SIZE, Map.of("vol-r1", r1, "vol-r2", r2));
        Engine first = cluster.await(
                Kind.ENGINE,
                "vol",
                "the engine serves",
                e -> !e.status().endpoint().isEmpty());
        String endpoint = first.status().endpoint();
        Path data = TestData.randomFile(tmp.resolve("data"), SIZE, 13);
        run(T, "nbdcopy", "--flush", data.toString(), endpoint);

        LaunchedInstance.stop(firstPid, true);
        Await.until(T, "a new instance process", () -> agent.instancePid() != firstPid && agent.instancePid() != 0);
        Replica reopened1 = cluster.await(
                Kind.REPLICA,
                "vol-r1",
                "vol-r1 runs again",
                r -> r.status().currentState() == InstanceState.RUNNING
                        && !r.status().address().equals(r1));
        Replica reopened2 = cluster.await(
                Kind.REPLICA,
                "vol-r2",
                "vol-r2 runs again",
                r -> r.status().currentState() == InstanceState.RUNNING
                        && !r.status().address().equals(r2));
        // The spec still names the old ports, which no longer belong to these replicas.
        assertThat(instance().engines()).isEmpty();

        // As the control plane would: the engine gets the replicas' new addresses.
        cluster.modify(
                Kind.ENGINE,
                "vol",
                e -> e.withSpec(e.spec()
                        .withReplicaAddresses(Map.of(
                                "vol-r1",
                                reopened1.status().address(),
                                "vol-r2",
                                reopened2.status().address()))));
        Engine serving = cluster.await(
                Kind.ENGINE,
                "vol",
                "the engine serves again",
                e -> !e.status().endpoint().isEmpty()
                        && !e.status().instanceUrl().equals(first.status().instanceUrl())
                        && e.status().replicaModes().containsValue(ReplicaMode.RW));
        // The export is the same socket path in the new instance: a client reconnects where it was.
        assertThat(serving.status().endpoint()).isEqualTo(endpoint);
        Path back = tmp.resolve("back");
        run(T, "nbdcopy", serving.status().endpoint(), back.toString());
        assertThat(TestData.sha256(back)).isEqualTo(TestData.sha256(data));
        assertThat(cluster.instanceProcesses()).hasSize(1);
    }

    @Test
    void directoriesNoReplicaNamesAreRemovedOnceSynced() throws IOException {
        Path orphan = Files.createDirectories(cluster.replicaDir("gone"));
        Files.writeString(orphan.resolve("layer-000001.img"), "stale");
        cluster.createReplica("kept", "vol", SIZE);
        agent = NodeAgent.start(cluster.config(), store);
        cluster.awaitRunning("kept");
        Await.until(T, "the orphan directory is removed", () -> !Files.exists(orphan));
        assertThat(cluster.replicaDir("kept").resolve("replica.json")).exists();
    }

    @Test
    void aReplicaOutsideItsDiskIsNeitherServedNorPurged() throws IOException {
        // Written straight to the store, as an object from before the API's rules, or a bug, could be.
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("precious"), "x");
        store.create(new Replica(
                ObjectMeta.named("stray"),
                new Replica.Spec(
                        "vol", AgentFixture.NODE, AgentConfig.DEFAULT_DISK, victim.toString(), SIZE, null, null, null),
                null));
        agent = NodeAgent.start(cluster.config(), store);

        Replica refused = cluster.await(
                Kind.REPLICA,
                "stray",
                "the stray replica is refused",
                r -> r.status().currentState() == InstanceState.ERROR);
        assertThat(Condition.find(refused.status().conditions(), ReplicaReconciler.CONDITION)
                        .message())
                .contains("spec.dataDirectory must be DISK/replicas/stray on a disk of this node");
        assertThat(instance().replicas()).isEmpty();

        // Deleted and made again under its name with its own directory: the old one is handled first.
        store.delete(Kind.REPLICA, "stray", 0);
        cluster.createReplica("stray", "vol", SIZE);
        cluster.awaitRunning("stray");
        try (var entries = Files.list(victim)) {
            assertThat(entries).containsExactly(victim.resolve("precious"));
        }
    }

    private NodeClient instance() {
        return NodeClient.connect(agent.instanceUrl());
    }

    /** The first {@code size} bytes of {@code file}: an export read after growing is larger. */
    private static Path truncated(Path file, long size) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
        return file;
    }
}
