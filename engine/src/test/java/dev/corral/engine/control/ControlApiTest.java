package dev.corral.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.control.ControlRefusal.Reason;
import dev.corral.engine.controller.RebuildStatus;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.controller.ReplicaMode;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import dev.corral.engine.stats.OpKind;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.TricklingClient;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.NettyTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone control API in this JVM, driven through its typed client: a volume controller
 * over real replica servers on layered stores, the {@link EngineControl} over it and its router.
 */
class ControlApiTest {
    private static final long SIZE = 4L << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicInteger nbdClients = new AtomicInteger();
    private EventLoopGroup loops;
    private Vertx vertx;
    private VolumeController volume;
    private ControlApi api;
    private ControlClient client;

    @BeforeEach
    void start() throws IOException {
        loops = NettyTransport.newEventLoopGroup(1, "test-control");
        vertx = Vertx.vertx();
        ReplicaServer first = replica("r1");
        volume = VolumeController.open(
                        "v",
                        SIZE,
                        List.of(first.hostPort()),
                        address -> ReplicaClient.connect(address, ReplicaClientConfig.DEFAULT, loops)
                                .thenApply(client -> (ReplicaConnection) client))
                .join();
        api = ControlApi.start(
                        vertx,
                        new HostPort("127.0.0.1", 0),
                        new EngineControl(volume, "nbd://127.0.0.1:1/v", nbdClients::get))
                .join();
        client = ControlClient.connect("http://127.0.0.1:" + api.port());
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        volume.close();
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aHeaderTrickledByteByByteIsCutOff() throws Exception {
        ControlApi guarded = ControlApi.start(
                        vertx,
                        new HostPort("127.0.0.1", 0),
                        new EngineControl(volume, "nbd://127.0.0.1:1/v", nbdClients::get),
                        new HttpTimeouts(Duration.ofMillis(400), Duration.ofMinutes(1)))
                .join();
        closing.add(guarded::close);
        try (TricklingClient slow = TricklingClient.connect(guarded.port())) {
            assertThat(slow.trickle("GET /v1/volume HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200), 50))
                    .as("cut off while trickling")
                    .isTrue();
            assertThat(slow.readAll()).isEmpty();
        }
    }

    @Test
    void theVolumeItsStatisticsAndSnapshotsAreReadAndChangedThroughTheTypedClient() {
        assertThat(client.volume().name()).isEqualTo("v");
        assertThat(client.volume().nbd()).isEqualTo("nbd://127.0.0.1:1/v");
        assertThat(client.replicas()).extracting(ReplicaStatus::mode).containsExactly(ReplicaMode.RW);
        assertThat(client.rebuild()).isEmpty();

        write(0);
        write(BLOCK);
        assertThat(client.stats().ops().get(OpKind.WRITE).totalBytes()).isEqualTo(2L * BLOCK);

        client.createSnapshot("s1");
        client.createSnapshot("s2");
        assertThat(client.snapshots())
                .filteredOn(LayerInfo::userCreated)
                .extracting(LayerInfo::name)
                .containsExactly("s1", "s2");
        client.deleteSnapshot("s2");
        assertThat(client.snapshots())
                .filteredOn(l -> l.name().equals("s2"))
                .singleElement()
                .extracting(LayerInfo::removed)
                .isEqualTo(true);
        client.purgeSnapshots();

        // A client has the volume open: the revert would change data under it.
        nbdClients.set(1);
        assertThatThrownBy(() -> client.revert("s1"))
                .isInstanceOfSatisfying(
                        ControlRefusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                .hasMessageContaining("1 NBD client(s) are connected");
        nbdClients.set(0);
        client.revert("s1");
        assertThat(client.snapshots())
                .filteredOn(l -> "s1".equals(l.parent()) && l.active())
                .singleElement()
                .extracting(LayerInfo::allocatedBytes)
                .isEqualTo(0L);

        client.expand(2 * SIZE);
        assertThat(client.volume().size()).isEqualTo(2 * SIZE);
        assertThatThrownBy(() -> client.expand(SIZE))
                .isInstanceOfSatisfying(
                        ControlRefusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("must be larger");
        assertThatThrownBy(() -> client.deleteSnapshot("nope"))
                .isInstanceOfSatisfying(
                        ControlRefusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void aReplicaIsAddedAndRebuiltThenRemoved() throws IOException {
        write(0);
        ReplicaServer second = replica("r2");
        assertThatThrownBy(() -> client.addReplica(second.hostPort(), -1))
                .isInstanceOfSatisfying(
                        ControlRefusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("bandwidthLimit");
        RebuildStatus started = client.addReplica(second.hostPort(), 0);
        assertThat(started.target()).isEqualTo(second.hostPort());
        Await.until(
                Duration.ofSeconds(30),
                "the rebuild completes",
                () -> client.rebuild()
                        .map(r -> r.state() == RebuildStatus.State.COMPLETED)
                        .orElse(false));
        assertThat(client.replicas()).extracting(ReplicaStatus::mode).containsOnly(ReplicaMode.RW);

        client.removeReplica(second.hostPort());
        assertThat(client.replicas()).extracting(ReplicaStatus::address).doesNotContain(second.hostPort());
    }

    @Test
    void badRequestsAreRefusedWithTheirKindAndADeadControllerIsUnavailable() throws Exception {
        assertThatThrownBy(() -> client.addReplica("nohost", 0))
                .isInstanceOfSatisfying(
                        ControlRefusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("HOST:PORT");
        HttpResponse<String> notJson = send("POST", "/v1/actions/expand", "size=5", "application/json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"code\":\"INVALID\"").contains("JSON object with {size}");
        HttpResponse<String> unknown = send("GET", "/v1/nothing", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"NOT_FOUND\"");
        assertThat(send("GET", "/v1/rebuild", null).statusCode()).isEqualTo(404);

        // What any web page can make a browser send: a text/plain POST. It changes nothing.
        long size = client.volume().size();
        HttpResponse<String> crossOrigin =
                send("POST", "/v1/actions/expand", "{\"size\": " + (2 * size) + "}", "text/plain");
        assertThat(crossOrigin.statusCode()).isEqualTo(415);
        assertThat(crossOrigin.body()).contains("Content-Type: application/json");
        assertThat(client.volume().size()).isEqualTo(size);

        // Without authentication, the API is the loopback's only.
        assertThatThrownBy(() -> ControlApi.start(
                                vertx,
                                new HostPort("0.0.0.0", 0),
                                new EngineControl(volume, "nbd://127.0.0.1:1/v", () -> 0))
                        .join())
                .hasMessageContaining("refusing to serve the engine's control API on 0.0.0.0");

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() ->
                        ControlClient.connect("http://127.0.0.1:" + closed).volume())
                .isInstanceOfSatisfying(
                        ControlRefusal.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageStartingWith("cannot reach the controller at http://127.0.0.1:" + closed);
    }

    private ReplicaServer replica(String name) throws IOException {
        LayeredReplicaStore store = LayeredReplicaStore.create(dir.resolve(name), SIZE, true);
        ReplicaServer server = ReplicaServer.start(
                store,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withIoThreads(1).withSyncThreads(1));
        closing.add(store);
        closing.add(server);
        return server;
    }

    private void write(long offset) {
        volume.write(offset, Unpooled.wrappedBuffer(new byte[BLOCK]), true).join();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("content-type", contentType)
                .header("origin", "https://elsewhere.example")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
