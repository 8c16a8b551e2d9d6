package dev.corral.controlplane.testing;

import dev.corral.engine.api.ControlApi;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real engine in this JVM: one replica server on a layered store in {@code dir}, a volume
 * controller over it and the controller's control API on loopback, as an instance process runs
 * them. Snapshots taken through its API land in the replica's layer files.
 */
public final class InProcessEngine implements AutoCloseable {
    private final LayeredReplicaStore store;
    private final ReplicaServer replica;
    private final EventLoopGroup loops;
    private final VolumeController volume;
    private final ControlApi api;

    private InProcessEngine(
            LayeredReplicaStore store,
            ReplicaServer replica,
            EventLoopGroup loops,
            VolumeController volume,
            ControlApi api) {
        this.store = store;
        this.replica = replica;
        this.loops = loops;
        this.volume = volume;
        this.api = api;
    }

    public static InProcessEngine start(Vertx vertx, Path dir, String name, long size) throws IOException {
        LayeredReplicaStore store = LayeredReplicaStore.create(dir, size, true);
        ReplicaServer replica = ReplicaServer.start(
                store,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withIoThreads(1).withSyncThreads(1));
        EventLoopGroup loops = NettyTransport.newEventLoopGroup(1, "test-engine");
        VolumeController volume = VolumeController.open(
                        name,
                        size,
                        List.of(replica.hostPort()),
                        address -> ReplicaClient.connect(address, ReplicaClientConfig.DEFAULT, loops)
                                .thenApply(client -> (ReplicaConnection) client))
                .join();
        ControlApi api = ControlApi.start(
                        vertx, new HostPort("127.0.0.1", 0), volume, "nbd://127.0.0.1:1/" + name, () -> 0)
                .join();
        return new InProcessEngine(store, replica, loops, volume, api);
    }

    /** The engine's volume, to do I/O through it as an NBD client would. */
    public VolumeController volume() {
        return volume;
    }

    public String controlUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    @Override
    public void close() throws IOException {
        api.close();
        volume.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        replica.close();
        store.close();
    }
}
