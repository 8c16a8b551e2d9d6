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
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.controlplane.server.ApiFixture;
import dev.corral.engine.cli.PlainErrors;
import dev.corral.node.instance.InProcessInstance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        PlainErrors.on(cli);
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
        return run(noLocalCluster(), all.toArray(String[]::new));
    }

    /** Finds no local cluster anywhere; the home is the test's directory. */
    private ClusterTarget noLocalCluster() {
        return new ClusterTarget(Map.of("CORRAL_HOME", dir.toString()), localDir -> Optional.empty());
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void volumeLifeCycle() throws Exception {
        assertThat(corral("volume", "create", "v1", "--size", "1Gi", "--replicas", "2"))
                .isEqualTo(new Run(0, lines("volume v1 created (1 GiB, 2 replicas)"), ""));
        api.store.create(replica("v1-r1", "n1", InstanceState.RUNNING));
        api.store.create(replica("v1-r2", "n0", InstanceState.STOPPED));

        assertThat(corral("volume", "list").out())
                .isEqualTo(lines(
                        "NAME  STATE     ROBUSTNESS  SIZE   REPLICAS  NODE  ENDPOINT",
                        "v1    creating  unknown     1 GiB  1/2       -     -"));

        assertThat(corral("volume", "attach", "v1", "--wait"))
                .as("the first ready node, n1")
                .isEqualTo(new Run(0, lines("nbd://127.0.0.1:10809/v1"), ""));
        assertThat(corral("volume", "list").out())
                .isEqualTo(lines(
                        "NAME  STATE     ROBUSTNESS  SIZE   REPLICAS  NODE  ENDPOINT",
                        "v1    attached  healthy     1 GiB  1/2       n1    nbd://127.0.0.1:10809/v1"));
        JsonNode json = ResourceJson.mapper()
                .readTree(corral("volume", "list", "-o", "json").out());
        assertThat(json.get(0).path("volume").path("spec").path("nodeId").asText())
                .isEqualTo("n1");
        assertThat(json.get(0).path("node").asText()).isEqualTo("n1");
        assertThat(json.get(0).path("replicasRunning").asLong())
                .as("the REPLICAS column")
                .isEqualTo(1);
        assertThat(json.get(0).path("replicasDesired").asLong()).isEqualTo(2);

        String described = corral("volume", "get", "v1").out();
        assertThat(described)
                .contains("Name:           v1")
                .contains("Size:           1 GiB (1073741824 bytes)")
                .contains("Replicas:       1/2 running")
                .contains("Endpoint:       nbd://127.0.0.1:10809/v1")
                .contains("REPLICA  NODE  DISK     STATE    MODE  ADDRESS  REBUILD")
                .contains("v1-r1    n1    default  running  -     -        -");

        assertThat(corral("volume", "expand", "v1", "--size", "2Gi").out())
                .isEqualTo(lines("volume v1 expanding to 2 GiB"));
        Run shrink = corral("volume", "expand", "v1", "--size", "1Gi");
        assertThat(shrink.exitCode()).isEqualTo(1);
        assertThat(shrink.err())
                .isEqualTo(lines("corral: volume v1 cannot shrink from 2 GiB to 1 GiB (1073741824 bytes); "
                        + "volumes only grow"));
        assertThat(corral("volume", "detach", "v1").out()).isEqualTo(lines("volume v1 detaching from n1"));
        assertThat(corral("volume", "delete", "v1").out()).isEqualTo(lines("volume v1 deleting"));
        assertThat(api.store.get(Kind.VOLUME, "v1").orElseThrow().metadata().deleting())
                .isTrue();
    }

    @Test
    void volumeGetAsJsonCarriesEveryFieldOfThePlainOutputReplicasIncluded() throws Exception {
        corral("volume", "create", "v1", "--size", "1Gi", "--replicas", "2");
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        Volume created = api.store.get(Kind.VOLUME, "v1").orElseThrow();
        api.store.update(created.withStatus(new Volume.Status(
                Volume.State.ATTACHED,
                Volume.Robustness.DEGRADED,
                "n1",
                "nbd://10.0.0.1:10809/v1",
                0,
                List.of(Condition.of(Volume.SCHEDULED, true, "", "", now)),
                null)));
        api.store.create(replica("v1-r1", "n1", InstanceState.RUNNING, "10.0.0.1:10000", ReplicaMode.RW));
        api.store.create(replica("v1-r2", "n0", InstanceState.RUNNING, "10.0.0.0:10000", ReplicaMode.WO));
        Engine.RebuildProgress rebuilding =
                new Engine.RebuildProgress("10.0.0.1:10000", "RUNNING", 256L << 20, 1L << 30, 0, 0, null, "", now);
        api.store.create(new Engine(
                ObjectMeta.named("v1-e"),
                new Engine.Spec("v1", "n1", 1L << 30, Map.of(), null),
                new Engine.Status(
                        InstanceState.RUNNING, "", "", Map.of(), Map.of("v1-r2", rebuilding), 1L << 30, List.of())));

        String[] plain = corral("volume", "get", "v1").out().split("\\R\\R", 2);
        JsonNode json = ResourceJson.mapper()
                .readTree(corral("volume", "get", "v1", "-o", "json").out());

        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line : plain[0].split("\\R")) {
            int colon = line.indexOf(':');
            fields.computeIfAbsent(line.substring(0, colon), key -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        assertThat(fields)
                .as("every field the plain output shows is checked below")
                .containsOnlyKeys(
                        "Name",
                        "State",
                        "Robustness",
                        "Size",
                        "Replicas",
                        "Data locality",
                        "Node",
                        "Endpoint",
                        "Created",
                        "Condition");
        assertThat(fields.get("Name")).containsExactly(json.path("name").asText());
        assertThat(fields.get("State")).containsExactly(json.path("state").asText());
        assertThat(fields.get("Robustness"))
                .containsExactly(json.path("robustness").asText());
        assertThat(fields.get("Size"))
                .containsExactly("1 GiB (" + json.path("size").asLong() + " bytes)");
        assertThat(fields.get("Replicas"))
                .containsExactly(json.path("replicasRunning").asLong() + "/"
                        + json.path("replicasDesired").asLong() + " running");
        assertThat(fields.get("Data locality"))
                .containsExactly(json.path("dataLocality").asText());
        assertThat(fields.get("Node")).containsExactly(json.path("node").asText());
        assertThat(fields.get("Endpoint")).containsExactly(json.path("endpoint").asText());
        assertThat(Instant.parse(fields.get("Created").getFirst()))
                .isEqualTo(Instant.parse(json.path("created").asText()));
        JsonNode condition = json.path("conditions").get(0);
        assertThat(fields.get("Condition"))
                .containsExactly(condition.path("type").asText() + "="
                        + condition.path("status").asText());

        List<String> table = plain[1].lines().toList();
        assertThat(table.getFirst().split("\\s{2,}"))
                .containsExactly("REPLICA", "NODE", "DISK", "STATE", "MODE", "ADDRESS", "REBUILD");
        JsonNode replicas = json.path("replicas");
        assertThat(table).hasSize(1 + replicas.size());
        assertThat(replicas.size()).isEqualTo(2);
        for (int i = 0; i < replicas.size(); i++) {
            JsonNode r = replicas.get(i);
            JsonNode rebuild = r.path("rebuild");
            String shownRebuild = rebuild.isNull()
                    ? "-"
                    : rebuild.path("state").asText().toLowerCase(Locale.ROOT) + " "
                            + 100
                                    * rebuild.path("bytesDone").asLong()
                                    / rebuild.path("bytesTotal").asLong() + "%";
            assertThat(table.get(1 + i).split("\\s{2,}"))
                    .containsExactly(
                            r.path("name").asText(),
                            r.path("node").asText(),
                            r.path("disk").asText(),
                            r.path("state").asText(),
                            r.path("mode").asText(),
                            r.path("address").asText(),
                            shownRebuild);
            assertThat(r.path("replica").path("metadata").path("name").asText())
                    .as("the whole resource beside the fields")
                    .isEqualTo(r.path("name").asText());
        }
        assertThat(table.get(2)).endsWith("running 25%");
        assertThat(json.path("volume").path("spec").path("numberOfReplicas").asInt())
                .isEqualTo(2);
    }

    @Test
    void refusalsArePrintedAsOneLineWithExitCodeOne() {
        assertThat(corral("volume", "get", "nope")).isEqualTo(new Run(1, "", lines("corral: volume nope not found")));
        assertThat(corral("volume", "create", "Bad", "--size", "1Mi").err())
                .startsWith("corral: invalid volume name 'Bad'");
        assertThat(corral("volume", "attach", "nope", "--node", "n1").err())
                .isEqualTo(lines("corral: volume nope not found"));
        Path local = dir.resolve("local");
        assertThat(run(noLocalCluster(), "volume", "list"))
                .isEqualTo(new Run(
                        1,
                        "",
                        lines("corral: no cluster to talk to: no local cluster in " + local
                                + " (start one: corral local up); or give --url URL or set CORRAL_URL")));
        assertThat(run(noLocalCluster(), "volume", "list", "--local-dir", "/x").err())
                .isEqualTo(lines("corral: no cluster to talk to: no local cluster in /x"
                        + " (start one: corral local up --local-dir /x); or give --url URL or set CORRAL_URL"));
        assertThat(run(noLocalCluster(), "volume", "list", "--url", "http://127.0.0.1:1", "--local-dir", "/x")
                        .err())
                .isEqualTo(lines("corral: give --url or --local-dir, not both"));
        assertThat(run(noLocalCluster(), "volume", "list", "--url", "http://127.0.0.1:1")
                        .err())
                .startsWith("corral: cannot reach the Corral API at http://127.0.0.1:1");
    }

    @Test
    void theTargetComesFromTheEnvironmentOrTheFallback() {
        corral("volume", "create", "v1", "--size", "1Mi");
        ClusterTarget fromEnvironment =
                new ClusterTarget(Map.of("CORRAL_URL", api.url()), localDir -> Optional.empty());
        assertThat(run(fromEnvironment, "volume", "list").out()).contains("v1");

        // A local cluster is found where the home rule says, or where --local-dir or CORRAL_LOCAL_DIR says.
        Path elsewhere = dir.resolve("elsewhere");
        ClusterTarget.LocalClusters onlyElsewhere =
                localDir -> localDir.equals(elsewhere) ? Optional.of(api.endpoint()) : Optional.empty();
        ClusterTarget home = new ClusterTarget(Map.of("CORRAL_HOME", dir.toString()), onlyElsewhere);
        assertThat(run(home, "volume", "list").err()).contains("no local cluster in " + dir.resolve("local"));
        assertThat(run(home, "volume", "list", "--local-dir", elsewhere.toString())
                        .out())
                .contains("v1");
        assertThat(run(home, "volume", "list", "--dir", elsewhere.toString()).out())
                .as("the first spelling, kept")
                .contains("v1");
        ClusterTarget variable = new ClusterTarget(
                Map.of("CORRAL_HOME", dir.toString(), "CORRAL_LOCAL_DIR", elsewhere.toString()), onlyElsewhere);
        assertThat(variable.resolve(null, null, null)).isEqualTo(api.endpoint());
        ClusterTarget urlAndDir = new ClusterTarget(Map.of("CORRAL_URL", "http://127.0.0.1:1"), onlyElsewhere);
        assertThat(run(urlAndDir, "volume", "list", "--local-dir", elsewhere.toString())
                        .out())
                .as("an option beats a variable")
                .contains("v1");
        ClusterTarget missingCredentials = new ClusterTarget(
                Map.of(
                        "CORRAL_URL",
                        api.url(),
                        "CORRAL_CREDENTIALS",
                        dir.resolve("none").toString()),
                localDir -> Optional.empty());
        assertThat(run(missingCredentials, "volume", "list").err())
                .startsWith("corral: ")
                .contains("none");
    }

    @Test
    void nodeListAndScheduling() throws Exception {
        assertThat(corral("node", "list").out())
                .isEqualTo(lines(
                        "NAME  READY             SCHEDULING  ADDRESS   ZONE  TAGS  REPLICAS  STORAGE (FREE/TOTAL)",
                        "n0    False (NodeDown)  enabled     10.0.0.0  z1    ssd   0         60 GiB/100 GiB",
                        "n1    True              enabled     10.0.0.1  z1    ssd   0         60 GiB/100 GiB"));
        assertThat(corral("node", "disable-scheduling", "n1").out()).isEqualTo(lines("node n1: scheduling disabled"));
        assertThat(api.store.get(Kind.NODE, "n1").orElseThrow().spec().allowScheduling())
                .isFalse();
        assertThat(corral("node", "list").out()).contains("n1    True              disabled");
        assertThat(corral("node", "enable-scheduling", "n1").out()).isEqualTo(lines("node n1: scheduling enabled"));
        JsonNode nodes = ResourceJson.mapper()
                .readTree(corral("node", "list", "-o", "json").out());
        assertThat(nodes.get(1).path("allowScheduling").asBoolean()).isTrue();
        assertThat(nodes.get(0).path("ready").asText()).isEqualTo("False");
        assertThat(nodes.get(0).path("readyReason").asText()).isEqualTo("NodeDown");
        assertThat(nodes.get(0).path("replicas").asLong()).isZero();
        assertThat(nodes.get(0).path("storageAvailable").asLong()).isEqualTo(60L << 30);
        assertThat(nodes.get(0).path("storageMaximum").asLong()).isEqualTo(100L << 30);
        assertThat(nodes.get(0).path("node").path("spec").path("zone").asText()).isEqualTo("z1");
    }

    @Test
    void snapshotsOfAnAttachedVolume() throws Exception {
        corral("volume", "create", "v1", "--size", "4Mi", "--replicas", "1");
        corral("volume", "attach", "v1", "--node", "n1", "--wait");
        assertThat(corral("snapshot", "list", "v1").err()).startsWith("corral: volume v1 is attaching on node n1");
        try (InProcessInstance node = InProcessInstance.start()) {
            String endpoint = node.serve("v1", 4L << 20, dir.resolve("r")).endpoint();
            api.store.create(new Engine(
                    ObjectMeta.named("v1-e"),
                    new Engine.Spec("v1", "n1", 4L << 20, Map.of(), null),
                    new Engine.Status(InstanceState.RUNNING, endpoint, node.url(), Map.of(), Map.of(), 0, List.of())));

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
        return replica(name, node, state, "", null);
    }

    private static Replica replica(String name, String node, InstanceState state, String address, ReplicaMode mode) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec("v1", node, "default", "/d/replicas/" + name, 1L << 30, null, null, null),
                new Replica.Status(state, address, mode, List.of()));
    }
}
