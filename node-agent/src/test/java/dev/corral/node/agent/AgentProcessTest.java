package dev.corral.node.agent;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static dev.corral.node.agent.AgentFixture.NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.api.launch.RunningProcess;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.controlplane.server.ApiConfig;
import dev.corral.controlplane.server.ApiServer;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.node.instance.TestData;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The agent as its own process, talking to the control plane's API (RemoteStore), as it runs in a
 * cluster: SIGKILLed while its volume serves, the instance process and the volume stay up, and the
 * next agent adopts that instance. A node has one agent at a time.
 */
@SystemTest
class AgentProcessTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final long SIZE = 16L << 20;

    @TempDir
    Path tmp;

    private SqliteStore store;
    private Vertx vertx;
    private ApiServer api;
    private AgentFixture cluster;

    @BeforeEach
    void startApi() {
        store = SqliteStore.open(tmp.resolve("state.db"));
        vertx = Vertx.vertx();
        api = ApiServer.start(vertx, ApiConfig.of("127.0.0.1", 0), store).join();
        cluster = new AgentFixture(store, tmp.resolve("node-1"));
    }

    @AfterEach
    void stopApi() {
        cluster.stopInstance();
        if (api != null) {
            api.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }

    @Test
    void theVolumeOutlivesASigkilledAgentAndTheNextAgentAdoptsTheInstance() throws Exception {
        JvmProcess first = AgentProcess.start(tmp.resolve("node-1"), api.url());
        long instancePid = Long.parseLong(first.ready("instancePid"));
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
        Path data = TestData.randomFile(tmp.resolve("data"), SIZE, 17);

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
        JvmProcess second = null;
        try {
            Await.until(T, "a first copy", () -> copies.get() > 0);
            first.kill();
            assertThat(ProcessHandle.of(instancePid).map(ProcessHandle::isAlive))
                    .contains(true);
            int afterKill = copies.get();
            Await.until(T, "copies go on without an agent", () -> copies.get() >= afterKill + 2);

            second = AgentProcess.start(tmp.resolve("node-1"), api.url());
            assertThat(Long.parseLong(second.ready("instancePid"))).isEqualTo(instancePid);
            assertThat(second.ready("instance")).isEqualTo(first.ready("instance"));
            Instant restarted = Instant.now();
            cluster.await(
                    Kind.NODE,
                    NODE,
                    "the new agent heartbeats",
                    n -> n.status().lastHeartbeat().isAfter(restarted));
            int afterRestart = copies.get();
            Await.until(T, "copies go on with the new agent", () -> copies.get() >= afterRestart + 2);
        } finally {
            copying.set(false);
            io.get();
            client.shutdown();
            if (second != null) {
                second.close();
            }
        }
        assertThat(cluster.instanceProcesses()).extracting(ProcessHandle::pid).containsExactly(instancePid);
        Node node = store.get(Kind.NODE, NODE).orElseThrow();
        assertThat(node.ready()).isTrue();
        assertThat(store.get(Kind.ENGINE, "vol").orElseThrow().status().endpoint())
                .isEqualTo(endpoint);
        Path back = tmp.resolve("back");
        run(T, "nbdcopy", endpoint, back.toString());
        assertThat(TestData.sha256(back)).isEqualTo(TestData.sha256(data));
    }

    @Test
    void aSecondAgentForTheSameNodeRefusesToStartWhileTheFirstRuns() throws Exception {
        try (JvmProcess first = AgentProcess.start(tmp.resolve("node-1"), api.url())) {
            assertThatThrownBy(() -> AgentProcess.start(tmp.resolve("node-1"), api.url()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another agent runs for")
                    .hasMessageContaining(Long.toString(first.pid()));
            assertThat(first.alive()).isTrue();
            assertThat(cluster.instanceProcesses()).hasSize(1);
        }
    }

    @Test
    void anAgentToldToExitWithoutItsControlPlaneStopsItsInstanceProcessAndExits() throws Exception {
        JvmLaunch launch = AgentProcess.launch(tmp.resolve("node-1"), api.url());
        List<String> args = new ArrayList<>(launch.args());
        args.addAll(List.of("--exit-without-control-plane", "PT3S"));
        try (JvmProcess agent = launch.args(args).start()) {
            long instancePid = Long.parseLong(agent.ready("instancePid"));
            RunningProcess instance = RunningProcess.ours(
                            instancePid,
                            arguments -> InstanceLauncher.isInstanceOf(instancePid, tmp.resolve("node-1/instance")))
                    .orElseThrow();
            api.close();
            api = null;
            assertThat(agent.awaitExit(line -> {}, T)).isEqualTo(ControlPlaneLoss.EXIT_CODE);
            assertThat(instance.awaitExit(T))
                    .as("the instance process is stopped too")
                    .isTrue();
            assertThat(Files.readString(tmp.resolve("node-1/agent.log")))
                    .contains("the control plane has not answered");
        }
    }
}
