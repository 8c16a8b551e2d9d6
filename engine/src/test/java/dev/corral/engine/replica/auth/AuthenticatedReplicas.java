package dev.corral.engine.replica.auth;

import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.testsupport.InMemoryReplicaStore;
import dev.corral.engine.util.NettyTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Replica servers over in-memory stores and clients connecting to them, on loopback, each with the
 * authentication a test gives it; closes everything it made.
 */
final class AuthenticatedReplicas implements AutoCloseable {
    static final int BLOCK = 4096;

    final InMemoryReplicaStore store = new InMemoryReplicaStore(1 << 20);
    private final EventLoopGroup group = NettyTransport.newEventLoopGroup(2, "test-auth-client");
    private final List<ReplicaServer> servers = new ArrayList<>();
    private final List<CompletableFuture<ReplicaClient>> clients = new ArrayList<>();

    ReplicaServer serve(PeerAuthentication authentication) throws IOException {
        ReplicaServer server = ReplicaServer.start(
                store.served(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withIoThreads(1).withAuthentication(authentication));
        servers.add(server);
        return server;
    }

    CompletableFuture<ReplicaClient> connect(InetSocketAddress server, PeerAuthentication authentication) {
        return connect(server, ReplicaClientConfig.DEFAULT.withAuthentication(authentication));
    }

    CompletableFuture<ReplicaClient> connect(InetSocketAddress server, ReplicaClientConfig config) {
        CompletableFuture<ReplicaClient> client = ReplicaClient.connect(server, config, group);
        clients.add(client);
        return client;
    }

    static ByteBuf block(int seed) {
        return Unpooled.wrappedBuffer(pattern(seed));
    }

    static byte[] pattern(int seed) {
        byte[] bytes = new byte[BLOCK];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    /** The store's bytes at {@code offset}, read directly, not over the protocol. */
    byte[] stored(long offset) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(BLOCK);
        store.read(offset, bytes);
        return bytes.array();
    }

    boolean storedIsZero(long offset) throws IOException {
        return Arrays.equals(stored(offset), new byte[BLOCK]);
    }

    @Override
    public void close() {
        for (CompletableFuture<ReplicaClient> client : clients) {
            client.thenAccept(ReplicaClient::close);
        }
        servers.forEach(ReplicaServer::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
