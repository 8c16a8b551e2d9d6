package dev.corral.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.controlplane.server.ApiFixture;
import dev.corral.controlplane.testing.InProcessEngine;
import dev.corral.engine.cli.EngineMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ClusterCommandsTest {
    private final ApiFixture api = ApiFixture.start();
    private final ExecutorService controlPlane = Executors.newSingleThreadExecutor();
    private Watch attacher;

    @TempDir
    Path dir;

    @Command(name = "corral")
    static final class Root {}

    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void cluster() {
        api.store.create(node("n1", true));
        api.store.create(node("n0", false));
        // Stands in for the control plane: a volume asked to attach is reported attached.
        attacher = api.store.watch(Set.of(Kind.VOLUME), event -> {
            if (event.type() == WatchEvent.Type.SYNCED) {
                return;
            }
            Volume v = (Volume) event.resource();
            String node = v.spec().nodeId();
            if (event.type() != WatchEvent.Type.DELETED
                    && !node.isEmpty()
                    && !node.equals(v.status().currentNodeId())) {
                controlPlane.execute(() -> api.store.update(v.withStatus(new Volume.Status(
                        Volume.State.ATTACHED,
                        Volume.Robustness.HEALTHY,
                        node,
                        "nbd://127.0.0.1:10809/" + v.name(),
                        0,
                        List.of(),
                        null))));
            }
        });
    }

    @AfterEach
    void stop() {
        attacher.close();
        controlPlane.shutdownNow();
        api.close();
    }

    private static Node node(String name, boolean ready) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("10.0.0." + name.charAt(1), true, List.of("ssd"), "z1", Map.of(), false),
                new Node.Status(
                        List.of(Condition.of(Node.READY, ready, ready ? "Heartbeat" : "NodeDown", "", now)),
                        now,
                        "",
                        "",
                        Map.of("default", new Node.DiskStatus("/d", 100L << 30, 60L << 30, 0, List.of()))));
    }

    private Run run(ClusterTarget target, String... args) {
        CommandLine cli = new CommandLine(new Root());
        ClusterCommands.addTo(cli, target);
        EngineMain.withPlainErrors(cli);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs with --url of the fixture's server appended. */
    private Run corral(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url");
        all.add(api.url());
        return run(new ClusterTarget(Map.of(), Optional::empty), all.toArray(String[]::new));
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void volumeLifeCycle() throws Exception {
        assertThat(corral("volume", "create", "v1", "--size", "1Gi", "--replicas", "2"))
                .isEqualTo(new Run(0, lines("volume v1 created (1Gi, 2 replicas)"), ""));
        api.store.create(replica("v1-r1", "n1", InstanceState.RUNNING));
        api.store.create(replica("v1-r2", "n0", InstanceState.STOPPED));

        assertThat(corral("volume", "list").out())
                .isEqualTo(lines(
                        "NAME  STATE     ROBUSTNESS  SIZE  REPLICAS  NODE  ENDPOINT",
                        "v1    creating  unknown     1Gi   1/2       -     -"));

        assertThat(corral("volume", "attach", "v1", "--wait"))
                .as("the first ready node, n1")
                .isEqualTo(new Run(0, lines("nbd://127.0.0.1:10809/v1"), ""));
        assertThat(corral("volume", "list").out())
                .isEqualTo(lines(
                        "NAME  STATE     ROBUSTNESS  SIZE  REPLICAS  NODE  ENDPOINT",
                        "v1    attached  healthy     1Gi   1/2       n1    nbd://127.0.0.1:10809/v1"));
        JsonNode json = ResourceJson.mapper()
                .readTree(corral("volume", "list", "-o", "json").out());
        assertThat(json.get(0).path("spec").path("nodeId").asText()).isEqualTo("n1");

        String described = corral("volume", "get", "v1").out();
        assertThat(described)
                .contains("Name:           v1")
                .contains("Size:           1Gi (1073741824 bytes)")
                .contains("Replicas:       1/2 running")
                .contains("Endpoint:       nbd://127.0.0.1:10809/v1")
                .contains("REPLICA  NODE  DISK     STATE    MODE  ADDRESS  REBUILD")
                .contains("v1-r1    n1    default  running  -     -        -");
        assertThat(ResourceJson.read(
                                Kind.VOLUME,
                                corral("volume", "get", "v1", "-o", "json").out())
                        .name())
                .isEqualTo("v1");

        assertThat(corral("volume", "expand", "v1", "--size", "2Gi").out())
                .isEqualTo(lines("volume v1 expanding to 2Gi"));
        Run shrink = corral("volume", "expand", "v1", "--size", "1Gi");
        assertThat(shrink.exitCode()).isEqualTo(1);
        assertThat(shrink.err())
                .isEqualTo(lines("corral: volume v1 cannot shrink from 2.0 GiB to 1.0 GiB (1073741824 bytes); "
                        + "volumes only grow"));
        assertThat(corral("volume", "detach", "v1").out()).isEqualTo(lines("volume v1 detaching from n1"));
        assertThat(corral("volume", "delete", "v1").out()).isEqualTo(lines("volume v1 deleting"));
        assertThat(api.store.get(Kind.VOLUME, "v1").orElseThrow().metadata().deleting())
                .isTrue();
    }

    @Test
    void refusalsArePrintedAsOneLineWithExitCodeOne() {
        assertThat(corral("volume", "get", "nope")).isEqualTo(new Run(1, "", lines("corral: volume nope not found")));
        assertThat(corral("volume", "create", "Bad", "--size", "1Mi").err())
                .startsWith("corral: invalid volume name 'Bad'");
        assertThat(corral("volume", "attach", "nope", "--node", "n1").err())
                .isEqualTo(lines("corral: volume nope not found"));
        assertThat(run(new ClusterTarget(Map.of(), Optional::empty), "volume", "list"))
                .isEqualTo(new Run(1, "", lines("corral: no cluster to talk to: give --url URL or set CORRAL_URL")));
        assertThat(run(new ClusterTarget(Map.of(), Optional::empty), "volume", "list", "--url", "http://127.0.0.1:1")
                        .err())
                .startsWith("corral: cannot reach the Corral API at http://127.0.0.1:1");
    }

    @Test
    void theTargetComesFromTheEnvironmentOrTheFallback() {
        corral("volume", "create", "v1", "--size", "1Mi");
        ClusterTarget fromEnvironment = new ClusterTarget(Map.of("CORRAL_URL", api.url()), Optional::empty);
        assertThat(run(fromEnvironment, "volume", "list").out()).contains("v1");
        ClusterTarget fromFallback = ClusterTarget.fromEnvironment().withFallback(() -> Optional.of(api.endpoint()));
        assertThat(new ClusterTarget(Map.of(), fromFallback.fallback()).resolve(null, null))
                .isEqualTo(api.endpoint());
        ClusterTarget missingCredentials = new ClusterTarget(
                Map.of(
                        "CORRAL_URL",
                        api.url(),
                        "CORRAL_CREDENTIALS",
                        dir.resolve("none").toString()),
                Optional::empty);
        assertThat(run(missingCredentials, "volume", "list").err())
                .startsWith("corral: ")
                .contains("none");
    }

    @Test
    void nodeListAndScheduling() {
        assertThat(corral("node", "list").out())
                .isEqualTo(lines(
                        "NAME  READY             SCHEDULING  ADDRESS   ZONE  TAGS  REPLICAS  STORAGE (FREE/TOTAL)",
                        "n0    False (NodeDown)  enabled     10.0.0.0  z1    ssd   0         60.0GiB/100.0GiB",
                        "n1    True              enabled     10.0.0.1  z1    ssd   0         60.0GiB/100.0GiB"));
        assertThat(corral("node", "disable-scheduling", "n1").out()).isEqualTo(lines("node n1: scheduling disabled"));
        assertThat(api.store.get(Kind.NODE, "n1").orElseThrow().spec().allowScheduling())
                .isFalse();
        assertThat(corral("node", "list").out()).contains("n1    True              disabled");
        assertThat(corral("node", "enable-scheduling", "n1").out()).isEqualTo(lines("node n1: scheduling enabled"));
        assertThat(corral("node", "list", "-o", "json").out()).contains("\"allowScheduling\" : true");
    }

    @Test
    void snapshotsOfAnAttachedVolume() throws Exception {
        corral("volume", "create", "v1", "--size", "4Mi", "--replicas", "1");
        corral("volume", "attach", "v1", "--node", "n1", "--wait");
        assertThat(corral("snapshot", "list", "v1").err()).startsWith("corral: volume v1 is attaching on node n1");
        try (InProcessEngine engine = InProcessEngine.start(api.vertx, dir.resolve("r"), "v1", 4L << 20)) {
            api.store.create(new Engine(
                    ObjectMeta.named("v1-e"),
                    new Engine.Spec("v1", "n1", 4L << 20, Map.of(), null),
                    new Engine.Status(
                            InstanceState.RUNNING, "", engine.controlUrl(), Map.of(), Map.of(), 0, List.of())));

            assertThat(corral("snapshot", "create", "v1", "s1").out())
                    .isEqualTo(lines("snapshot s1 of volume v1 created"));
            String listed = corral("snapshot", "list", "v1").out();
            assertThat(listed).startsWith("NAME").contains("s1").contains("user");
            assertThat(corral("snapshot", "delete", "v1", "s1").out())
                    .isEqualTo(lines("snapshot s1 of volume v1 deleted"));
            assertThat(corral("snapshot", "list", "v1").out()).contains("user,removed");
        }
    }

    private static Replica replica(String name, String node, InstanceState state) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec("v1", node, "default", "/d/replicas/" + name, 1L << 30, null, null, null),
                new Replica.Status(state, "", null, List.of()));
    }
}
