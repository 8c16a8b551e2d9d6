package dev.corral.node.instance;

import dev.corral.api.node.EngineRequest;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.NodeTransport;
import dev.corral.api.node.ReplicaRequest;
import dev.corral.api.node.ReplicaView;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A node's instance in this JVM: the same hosts and node API the instance process composes, on
 * loopback, for tests of what calls a node (the cluster API's snapshot and statistics routes)
 * that need no second process. Replicas and engines are started through the node API, as the
 * agent starts them.
 */
public final class InProcessInstance implements AutoCloseable {
    private final EventLoopGroup loops;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final ReplicaHost replicas;
    private final EngineHost engines;
    private final InstanceApi api;
    private final String scheme;
    private final NodeClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Path exports;

    private InProcessInstance(
            EventLoopGroup loops,
            Vertx vertx,
            ExecutorService workers,
            ReplicaHost replicas,
            EngineHost engines,
            InstanceApi api,
            Path exports,
            Optional<ClusterIdentity> identity) {
        this.exports = exports;
        this.loops = loops;
        this.vertx = vertx;
        this.workers = workers;
        this.replicas = replicas;
        this.engines = engines;
        this.api = api;
        this.scheme = InstanceListener.scheme(identity);
        // The node's own client, as its agent calls it.
        this.client =
                NodeTransport.of(identity.map(ClusterIdentity::clientContext)).connect(url());
    }

    /** Plain http on loopback, as a node without an identity. */
    public static InProcessInstance start() {
        return start(Optional.empty());
    }

    /** With the node's identity: mutual TLS, the control plane and this node only. */
    public static InProcessInstance start(Optional<ClusterIdentity> identity) {
        return start(identity, HttpTimeouts.DEFAULT);
    }

    /** With {@code timeouts} on the node API's connections. */
    public static InProcessInstance start(Optional<ClusterIdentity> identity, HttpTimeouts timeouts) {
        EventLoopGroup loops = NettyTransport.newEventLoopGroup(1, "test-instance-io");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        ExecutorService workers = Executors.newCachedThreadPool(new DefaultThreadFactory("test-instance-work", true));
        SharedIo io = new SharedIo("127.0.0.1", loops, vertx, workers);
        ReplicaHost replicas = new ReplicaHost(io, ReplicaSecurity.of(identity));
        Path exports;
        try {
            // Short, private, and the process's own: the exports are Unix sockets.
            exports = Files.createTempDirectory("corral-exports");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EngineHost engines = new EngineHost(io, new ExportSockets(exports), ReplicaSecurity.of(identity));
        InstanceApi api = InstanceApi.start(vertx, new HostPort("127.0.0.1", 0), identity, timeouts, replicas, engines)
                .join();
        return new InProcessInstance(loops, vertx, workers, replicas, engines, api, exports, identity);
    }

    /** The node API's URL, as the agent reports it in Node and Engine status. */
    public String url() {
        return scheme + "://127.0.0.1:" + api.port();
    }

    public NodeClient client() {
        return client;
    }

    /** Serves {@code volume} from one replica kept in {@code dir}: a replica server, then an engine. */
    public EngineView serve(String volume, long size, Path dir) {
        ReplicaView replica = client.startReplica(new ReplicaRequest(volume + "-r1", dir.toString(), size));
        return client.startEngine(new EngineRequest(volume, size, List.of(replica.address())));
    }

    /** Stops everything, as a stopped instance process would; a second close does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        api.close();
        engines.closeAll();
        replicas.closeAll();
        workers.shutdown();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        try (Stream<Path> sockets = Files.list(exports)) {
            for (Path socket : sockets.toList()) {
                Files.deleteIfExists(socket);
            }
            Files.deleteIfExists(exports);
        } catch (IOException leftBehind) {
            // a temporary directory; nothing depends on it being gone
        }
    }
}
