package dev.corral.node.instance;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.node.AddReplicaRequest;
import dev.corral.api.node.EngineReplica;
import dev.corral.api.node.EngineRequest;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.NodeCallException;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.RebuildView;
import dev.corral.api.node.ReplicaRequest;
import dev.corral.api.node.ReplicaView;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance process as a real child JVM, driven over its HTTP API, with a real NBD client. */
@SystemTest
class InstanceProcessTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final long SIZE = 16L << 20;

    @TempDir
    static Path tmp;

    private static LaunchedInstance instance;
    private static NodeClient client;

    @BeforeAll
    static void startInstance() throws IOException {
        instance = LaunchedInstance.start(tmp.resolve("instance"), "127.0.0.1");
        client = instance.client();
    }

    @AfterAll
    static void stopInstance() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void writesInstanceFileAndAnswersHealth() {
        assertThat(InstanceFile.read(InstanceFile.in(tmp.resolve("instance"))))
                .contains(new InstanceFile(instance.pid(), instance.url()));
        assertThat(client.health(Duration.ofSeconds(2)).pid()).isEqualTo(instance.pid());
        assertThat(instance.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void threeReplicasAndAnEngineServeDataOverNbdAndAreRemovedAgain() throws IOException {
        List<Path> dirs = List.of(tmp.resolve("a/r1"), tmp.resolve("b/r2"), tmp.resolve("c/r3"));
        List<ReplicaView> replicas = List.of(
                client.startReplica(new ReplicaRequest("vol1-r1", dirs.get(0).toString(), SIZE)),
                client.startReplica(new ReplicaRequest("vol1-r2", dirs.get(1).toString(), SIZE)),
                client.startReplica(new ReplicaRequest("vol1-r3", dirs.get(2).toString(), SIZE)));
        assertThat(replicas)
                .extracting(ReplicaView::address)
                .doesNotHaveDuplicates()
                .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
        assertThat(replicas).extracting(ReplicaView::size).containsOnly(SIZE);
        // Starting again with the same directory is the running replica, not a second one.
        assertThat(client.startReplica(new ReplicaRequest("vol1-r1", dirs.get(0).toString(), SIZE)))
                .isEqualTo(replicas.get(0));
        assertThat(client.replicas()).extracting(ReplicaView::name).contains("vol1-r1", "vol1-r2", "vol1-r3");

        EngineView engine = client.startEngine(new EngineRequest(
                "vol1", SIZE, replicas.stream().map(ReplicaView::address).toList()));
        // The export is a Unix socket only its owner (root on a node) can open: no other local user,
        // no other machine.
        assertThat(engine.endpoint()).matches("nbd\\+unix:///vol1\\?socket=/.+/nbd/vol1\\.sock");
        Path socket = Path.of(engine.endpoint().substring(engine.endpoint().indexOf("socket=") + 7));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                .isEqualTo("rw-------");
        ExternalCommand.Result stranger = ExternalCommand.runAllowingFailure(
                T, List.of("runuser", "-u", "nobody", "--", "nbdinfo", "--size", engine.endpoint()));
        assertThat(stranger.exitCode()).isNotZero();
        assertThat(stranger.output()).containsIgnoringCase("permission denied");
        assertThat(engine.replicas()).extracting(EngineReplica::mode).containsOnly(ReplicaMode.RW);
        assertThat(engine.size()).isEqualTo(SIZE);

        Path data = TestData.randomFile(tmp.resolve("vol1.data"), SIZE, 1);
        run(T, "nbdcopy", "--flush", data.toString(), engine.endpoint());
        Path back = tmp.resolve("vol1.back");
        run(T, "nbdcopy", engine.endpoint(), back.toString());
        assertThat(TestData.sha256(back)).isEqualTo(TestData.sha256(data));
        // The engine opened no port of its own: the instance listens on its API, the replicas and NBD.
        assertThat(ListeningPorts.of(instance.pid())).isEqualTo(servedPorts());

        assertThat(client.stopEngine("vol1")).isTrue();
        assertThat(client.stopEngine("vol1")).isFalse();
        assertThat(client.engines()).extracting(EngineView::volume).doesNotContain("vol1");

        assertThat(client.stopReplica("vol1-r1", true)).isTrue();
        assertThat(client.stopReplica("vol1-r2", true)).isTrue();
        assertThat(client.stopReplica("vol1-r3", false)).isTrue();
        assertThat(dirs.get(0)).doesNotExist();
        assertThat(dirs.get(1)).doesNotExist();
        assertThat(dirs.get(2).resolve("replica.json")).exists(); // kept without purge
        assertThat(client.stopReplica("vol1-r1", true)).isFalse();
        assertThat(client.replicas()).extracting(ReplicaView::name).doesNotContain("vol1-r1", "vol1-r2", "vol1-r3");
    }

    @Test
    void anEnginesOperationsAreServedByTheNodeApi() throws IOException {
        ReplicaView replica = client.startReplica(
                new ReplicaRequest("vol4-r1", tmp.resolve("vol4-r1").toString(), SIZE));
        EngineView engine = client.startEngine(new EngineRequest("vol4", SIZE, List.of(replica.address())));
        Path data = TestData.randomFile(tmp.resolve("vol4.data"), SIZE, 4);
        run(T, "nbdcopy", "--flush", data.toString(), engine.endpoint());

        VolumeIo io = client.stats("vol4", Duration.ofSeconds(5)).join();
        assertThat(io.volume()).isEqualTo("vol4");
        assertThat(io.op(IoOp.WRITE).totalBytes()).isEqualTo(SIZE);

        client.createSnapshot("vol4", "s1").join();
        client.createSnapshot("vol4", "s2").join();
        assertThat(client.snapshots("vol4").join())
                .filteredOn(SnapshotInfo::userCreated)
                .extracting(SnapshotInfo::name)
                .containsExactly("s1", "s2");
        client.deleteSnapshot("vol4", "s2").join();
        assertThat(client.snapshots("vol4").join())
                .filteredOn(l -> l.name().equals("s2"))
                .singleElement()
                .extracting(SnapshotInfo::removed)
                .isEqualTo(true);
        client.purgeSnapshots("vol4").join();
        client.revertSnapshot("vol4", "s1").join();
        assertThat(client.snapshots("vol4").join())
                .filteredOn(l -> "s1".equals(l.parent()) && l.active())
                .singleElement()
                .extracting(SnapshotInfo::allocatedBytes)
                .isEqualTo(0L);

        client.expand("vol4", 2 * SIZE);
        assertThat(client.engine("vol4")).get().extracting(EngineView::size).isEqualTo(2 * SIZE);

        // Refusals keep their kind: the engine's, and the node's when no such engine runs here.
        assertThat(refusal(client.deleteSnapshot("vol4", "nope"))).isEqualTo(ErrorCode.BadRequest);
        assertThat(refusal(client.snapshots("none"))).isEqualTo(ErrorCode.NotFound);
        assertThatThrownBy(() -> client.addReplica("vol4", new AddReplicaRequest("nohost", 0)))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BadRequest))
                .hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> client.expand("vol4", SIZE))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BadRequest))
                .hasMessageContaining("must be larger");

        client.stopEngine("vol4");
        client.stopReplica("vol4-r1", true);
    }

    private static ErrorCode refusal(CompletableFuture<?> call) {
        try {
            call.join();
        } catch (CompletionException e) {
            return NodeClient.unwrapped(e).code();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void anEngineStartsWithAnUnreachableReplicaAndRebuildsItWhenAddedLater() throws IOException {
        ReplicaView r1 = client.startReplica(
                new ReplicaRequest("vol2-r1", tmp.resolve("vol2-r1").toString(), SIZE));
        ReplicaView r2 = client.startReplica(
                new ReplicaRequest("vol2-r2", tmp.resolve("vol2-r2").toString(), SIZE));
        String unreachable = "127.0.0.1:" + freePort();

        EngineView engine =
                client.startEngine(new EngineRequest("vol2", SIZE, List.of(r1.address(), r2.address(), unreachable)));
        assertThat(engine.replicas())
                .extracting(EngineReplica::address, EngineReplica::mode)
                .containsExactlyInAnyOrder(
                        tuple(r1.address(), ReplicaMode.RW),
                        tuple(r2.address(), ReplicaMode.RW),
                        tuple(unreachable, ReplicaMode.ERR));
        Path data = TestData.randomFile(tmp.resolve("vol2.data"), SIZE, 2);
        run(T, "nbdcopy", "--flush", data.toString(), engine.endpoint());

        // The replica comes up elsewhere: out with the dead address, in with the new one (a rebuild).
        ReplicaView r3 = client.startReplica(
                new ReplicaRequest("vol2-r3", tmp.resolve("vol2-r3").toString(), SIZE));
        client.removeReplica("vol2", unreachable);
        RebuildView started = client.addReplica("vol2", new AddReplicaRequest(r3.address(), 0));
        assertThat(started.target()).isEqualTo(r3.address());
        Await.until(
                T,
                "the rebuild of vol2-r3 completes",
                () -> engineView("vol2").replicas().stream()
                        .anyMatch(r -> r.address().equals(r3.address()) && r.mode() == ReplicaMode.RW));
        assertThat(engineView("vol2").rebuild().state()).isEqualTo(RebuildView.State.COMPLETED);

        // Served from the rebuilt replica alone, the data is all there.
        client.removeReplica("vol2", r1.address());
        client.removeReplica("vol2", r2.address());
        Path back = tmp.resolve("vol2.back");
        run(T, "nbdcopy", engine.endpoint(), back.toString());
        assertThat(TestData.sha256(back)).isEqualTo(TestData.sha256(data));

        client.stopEngine("vol2");
        for (String name : List.of("vol2-r1", "vol2-r2", "vol2-r3")) {
            client.stopReplica(name, true);
        }
    }

    @Test
    void anEngineWithNoReachableReplicaIsRefused() throws IOException {
        String nobody = "127.0.0.1:" + freePort();
        assertThatThrownBy(() -> client.startEngine(new EngineRequest("vol3", SIZE, List.of(nobody))))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.Conflict))
                .hasMessageContaining("no replica of volume vol3 can serve")
                .hasMessageContaining(nobody);
        assertThat(client.engines()).extracting(EngineView::volume).doesNotContain("vol3");
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        assertThat(send("POST", "/v1/replicas", "not json"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(error(r)).contains("JSON object"));
        assertThat(error(send("POST", "/v1/replicas", "{\"name\":\"x\",\"dir\":\"relative/dir\",\"size\":4096}")))
                .contains("absolute path");
        assertThat(send("POST", "/v1/replicas", "{\"name\":\"x\",\"dir\":\"/tmp/x\",\"size\":1000}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/v1/replicas", "{\"name\":\"../x\",\"dir\":\"/tmp/x\",\"size\":4096}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/v1/engines", "{\"volume\":\"v\",\"size\":4096,\"replicas\":[]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/v1/engines", "{\"volume\":\"v\",\"size\":4096,\"replicas\":[\"nohost\"]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("DELETE", "/v1/engines/none", null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/v1/engines/none/expand", "{\"size\":8192}").statusCode())
                .isEqualTo(404);
        assertThat(error(send("GET", "/v1/nothing", null))).contains("no such resource");

        Path dir = tmp.resolve("conflict");
        client.startReplica(new ReplicaRequest("conflict-a", dir.toString(), SIZE));
        assertThatThrownBy(() -> client.startReplica(new ReplicaRequest("conflict-a", dir + "-other", SIZE)))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.Conflict));
        assertThatThrownBy(() -> client.startReplica(new ReplicaRequest("conflict-b", dir.toString(), SIZE)))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.Conflict))
                .hasMessageContaining("served by replica conflict-a");
        Path notAReplica = Files.createDirectories(tmp.resolve("junk"));
        Files.writeString(notAReplica.resolve("file"), "x");
        assertThatThrownBy(() -> client.startReplica(new ReplicaRequest("junk", notAReplica.toString(), SIZE)))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.Conflict))
                .hasMessageContaining("replica.json");
        client.stopReplica("conflict-a", true);
    }

    @Test
    void aPurgeDeletesOnlyADirectoryThatHoldsNothingButAReplica() throws IOException {
        Path mixed = tmp.resolve("mixed-r1");
        client.startReplica(new ReplicaRequest("mixed-r1", mixed.toString(), SIZE));
        // Something else moved in beside the replica's files: not the replica's to delete.
        Path foreign = Files.createDirectories(mixed.resolve("keep"));
        Files.writeString(foreign.resolve("file"), "x");

        assertThatThrownBy(() -> client.stopReplica("mixed-r1", true))
                .isInstanceOfSatisfying(
                        NodeCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.Conflict))
                .hasMessageContaining("holds the directory keep, which no replica makes; not deleted");
        assertThat(foreign.resolve("file")).hasContent("x");
        assertThat(mixed.resolve("replica.json")).exists();
        assertThat(client.replicas()).extracting(ReplicaView::name).doesNotContain("mixed-r1");

        Path plain = tmp.resolve("plain-r1");
        client.startReplica(new ReplicaRequest("plain-r1", plain.toString(), SIZE));
        assertThat(client.stopReplica("plain-r1", true)).isTrue();
        assertThat(plain).doesNotExist();
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryRefusesToStart() {
        assertThatThrownBy(() -> LaunchedInstance.start(tmp.resolve("instance"), "127.0.0.1"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("another instance process serves");
    }

    private static EngineView engineView(String volume) {
        return client.engines().stream()
                .filter(e -> e.volume().equals(volume))
                .findFirst()
                .orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The instance API's port, and the port of every replica server it reports (exports are Unix sockets). */
    private static Set<Integer> servedPorts() {
        Set<Integer> ports = new TreeSet<>();
        ports.add(URI.create(instance.url()).getPort());
        client.replicas()
                .forEach(r -> ports.add(URI.create("tcp://" + r.address()).getPort()));
        return ports;
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        return ResourceJson.mapper().readTree(response.body()).path("error").asText();
    }
}
