package dev.corral.engine.replica.client;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.LayerSummary;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.replica.auth.Handshakes;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.NettyTransport;
import dev.corral.engine.wire.ExtentsRequest;
import dev.corral.engine.wire.FlushRequest;
import dev.corral.engine.wire.GrowRequest;
import dev.corral.engine.wire.InfoRequest;
import dev.corral.engine.wire.LayerCodec;
import dev.corral.engine.wire.LayerRequest;
import dev.corral.engine.wire.Opcode;
import dev.corral.engine.wire.PingRequest;
import dev.corral.engine.wire.PrepareRebuildRequest;
import dev.corral.engine.wire.ReadRequest;
import dev.corral.engine.wire.Request;
import dev.corral.engine.wire.RequestEncoder;
import dev.corral.engine.wire.ResponseDecoder;
import dev.corral.engine.wire.SnapshotRequest;
import dev.corral.engine.wire.TreeRequest;
import dev.corral.engine.wire.UnmapRequest;
import dev.corral.engine.wire.WriteLayerRequest;
import dev.corral.engine.wire.WriteRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's connection to one replica server: a few TCP connections with requests spread
 * round-robin, pipelined and answered in any order. Futures complete on an event loop of the
 * group given to {@link #connect}; callbacks must not block. The group stays the caller's: close
 * the client before shutting the group down.
 *
 * <p>The first request or ping left unanswered for the request timeout, or the first connection
 * lost, kills the client: every request in flight fails (TIMED_OUT or DISCONNECTED), the
 * onFailure listeners run once, every connection closes, and later calls fail at once with
 * DISCONNECTED. {@link #close()} does the same without calling the listeners.
 *
 * <p>With {@link ReplicaClientConfig#authentication()} set, each connection proves who the client
 * is and checks who the replica is before its first request; a replica that fails that, or refuses
 * the client, makes {@link #connect} fail with DISCONNECTED and a message saying why.
 */
public final class ReplicaClient implements ReplicaConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaClient.class);

    /** Why the client is dead, and what calls made afterwards fail with. */
    private record Death(BlockIoException cause, BlockIoException forNewRequests) {}

    private final String address;
    private final ReplicaClientConfig config;
    private final ClientConnection[] connections;
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicReference<Death> death = new AtomicReference<>();
    private final FailureListeners failureListeners = new FailureListeners();

    private ReplicaClient(String address, ReplicaClientConfig config, EventLoopGroup group) {
        this.address = address;
        this.config = config;
        this.connections = new ClientConnection[config.connections()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new ClientConnection(this, group.next(), config);
        }
    }

    /** Connects to {@code host:port} ({@code [v6]:port} for IPv6 literals); resolves on the calling thread. */
    public static CompletableFuture<ReplicaClient> connect(
            String hostPort, ReplicaClientConfig config, EventLoopGroup group) {
        return connect(HostPort.parse(hostPort).toSocketAddress(), hostPort, config, group);
    }

    public static CompletableFuture<ReplicaClient> connect(
            InetSocketAddress address, ReplicaClientConfig config, EventLoopGroup group) {
        return connect(address, HostPort.of(address).toString(), config, group);
    }

    private static CompletableFuture<ReplicaClient> connect(
            InetSocketAddress address, String name, ReplicaClientConfig config, EventLoopGroup group) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.DISCONNECTED, "cannot resolve replica address " + name));
        }
        ReplicaClient client = new ReplicaClient(name, config, group);
        CompletableFuture<ReplicaClient> connected = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(client.connections.length);
        for (ClientConnection connection : client.connections) {
            CompletableFuture<Void> authenticated = new CompletableFuture<>();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            client.bootstrap(connection, authenticated).connect(address).addListener((ChannelFuture attempt) -> {
                if (attempt.isSuccess()) {
                    authenticated.whenComplete((ok, refused) -> {
                        if (refused == null) {
                            ready.complete(null);
                        } else {
                            ready.completeExceptionally(new BlockIoException(
                                    IoError.DISCONNECTED,
                                    "cannot authenticate with replica " + name + ": " + refused.getMessage(),
                                    refused));
                        }
                    });
                } else {
                    ready.completeExceptionally(new BlockIoException(
                            IoError.DISCONNECTED,
                            "cannot connect to replica " + name + ": "
                                    + attempt.cause().getMessage(),
                            attempt.cause()));
                }
            });
            ready.whenComplete((ok, failure) -> {
                if (failure != null) {
                    client.die((BlockIoException) failure, false);
                    connected.completeExceptionally(client.death.get().cause());
                } else if (remaining.decrementAndGet() == 0) {
                    Death dead = client.death.get();
                    if (dead != null) {
                        connected.completeExceptionally(dead.cause());
                    } else {
                        for (ClientConnection each : client.connections) {
                            each.start();
                        }
                        connected.complete(client);
                    }
                }
            });
        }
        return connected;
    }

    /** {@code authenticated} completes when the connection may carry requests (see {@link Handshakes}). */
    private Bootstrap bootstrap(ClientConnection connection, CompletableFuture<Void> authenticated) {
        return new Bootstrap()
                .group(connection.loop())
                .channel(NettyTransport.socketChannelType(connection.loop()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        Handshakes.client(
                                        channel,
                                        config.authentication(),
                                        pipeline -> pipeline.addLast(
                                                        "decoder", new ResponseDecoder(config.maxPayloadBytes()))
                                                .addLast("encoder", RequestEncoder.INSTANCE)
                                                .addLast("replica", connection))
                                .whenComplete((ok, refused) -> {
                                    if (refused == null) {
                                        authenticated.complete(null);
                                    } else {
                                        authenticated.completeExceptionally(refused);
                                    }
                                });
                    }
                });
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        if (length > config.maxPayloadBytes()) {
            return invalid("read of " + length + " bytes exceeds the maximum of " + config.maxPayloadBytes());
        }
        ReadRequest request;
        try {
            request = new ReadRequest(nextId(), offset, length);
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        return submit(request);
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data) {
        if (data.readableBytes() > config.maxPayloadBytes()) {
            int length = data.readableBytes();
            data.release();
            return invalid("write of " + length + " bytes exceeds the maximum of " + config.maxPayloadBytes());
        }
        WriteRequest request;
        try {
            request = new WriteRequest(nextId(), offset, data);
        } catch (IllegalArgumentException e) {
            data.release();
            return invalid(e.getMessage());
        }
        return submit(request);
    }

    @Override
    public CompletableFuture<Void> unmap(long offset, long length) {
        return submit(() -> new UnmapRequest(nextId(), offset, length));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return submit(new FlushRequest(nextId()));
    }

    /** Asks the server to answer; the client pings on its own to notice a silent replica. */
    public CompletableFuture<Void> ping() {
        return submit(new PingRequest(nextId()));
    }

    @Override
    public CompletableFuture<ReplicaInfo> info() {
        return submit(new InfoRequest(nextId()));
    }

    @Override
    public CompletableFuture<Void> snapshot(String name, boolean userCreated) {
        return submit(() -> new SnapshotRequest(nextId(), name, userCreated));
    }

    @Override
    public CompletableFuture<List<Extent>> extents(long offset, long length) {
        return submit(() -> new ExtentsRequest(nextId(), offset, length));
    }

    @Override
    public CompletableFuture<Void> grow(long newSize) {
        return submit(() -> new GrowRequest(nextId(), newSize));
    }

    @Override
    public CompletableFuture<List<LayerInfo>> layers() {
        return decoded(submit(new TreeRequest(nextId(), Opcode.LIST_LAYERS)), LayerCodec::readLayers);
    }

    @Override
    public CompletableFuture<Void> removeSnapshot(String name) {
        return submit(() -> LayerRequest.named(nextId(), Opcode.REMOVE_SNAPSHOT, name));
    }

    @Override
    public CompletableFuture<Void> purge() {
        return submit(new TreeRequest(nextId(), Opcode.PURGE));
    }

    @Override
    public CompletableFuture<Void> revert(String name) {
        return submit(() -> LayerRequest.named(nextId(), Opcode.REVERT, name));
    }

    @Override
    public CompletableFuture<List<Extent>> layerExtents(String name, long offset, long length) {
        return decoded(
                submit(() -> new LayerRequest(nextId(), Opcode.LAYER_EXTENTS, name, offset, length)),
                LayerCodec::readExtents);
    }

    @Override
    public CompletableFuture<ByteBuf> readLayer(String name, long offset, int length) {
        if (length > config.maxPayloadBytes()) {
            return invalid("layer read of " + length + " bytes exceeds the maximum of " + config.maxPayloadBytes());
        }
        CompletableFuture<ByteBuf> data =
                submit(() -> new LayerRequest(nextId(), Opcode.READ_LAYER, name, offset, length));
        return data.thenApply(buf -> {
            if (buf.readableBytes() != length) {
                buf.release();
                throw new BlockIoException(
                        IoError.IO,
                        "replica " + address + " answered a layer read of " + length + " bytes with "
                                + buf.readableBytes());
            }
            return buf;
        });
    }

    @Override
    public CompletableFuture<LayerDigests> layerDigests(String name, long offset, long length) {
        return decoded(
                submit(() -> new LayerRequest(nextId(), Opcode.LAYER_DIGESTS, name, offset, length)),
                LayerCodec::readDigests);
    }

    @Override
    public CompletableFuture<LayerSummary> layerSummary(String name) {
        return decoded(submit(() -> LayerRequest.named(nextId(), Opcode.LAYER_SUMMARY, name)), LayerCodec::readSummary);
    }

    @Override
    public CompletableFuture<Void> prepareRebuild(List<LayerSpec> chain) {
        return submit(() -> new PrepareRebuildRequest(nextId(), chain));
    }

    @Override
    public CompletableFuture<Void> writeLayer(String name, long offset, ByteBuf data) {
        if (data.readableBytes() > config.maxPayloadBytes()) {
            int length = data.readableBytes();
            data.release();
            return invalid("layer write of " + length + " bytes exceeds the maximum of " + config.maxPayloadBytes());
        }
        WriteLayerRequest request;
        try {
            request = new WriteLayerRequest(nextId(), name, offset, data);
        } catch (IllegalArgumentException | NullPointerException e) {
            data.release();
            return invalid(e.getMessage());
        }
        return submit(request);
    }

    @Override
    public CompletableFuture<Void> punchLayer(String name, long offset, long length) {
        return submit(() -> new LayerRequest(nextId(), Opcode.PUNCH_LAYER, name, offset, length));
    }

    @Override
    public CompletableFuture<Void> finishRebuild() {
        return submit(new TreeRequest(nextId(), Opcode.FINISH_REBUILD));
    }

    /** A payload answer read into its value; the buffer is released either way. */
    private <T> CompletableFuture<T> decoded(CompletableFuture<ByteBuf> payload, PayloadReader<T> reader) {
        return payload.thenApply(buf -> {
            try {
                return reader.read(buf);
            } catch (IOException | RuntimeException e) {
                throw new BlockIoException(
                        IoError.IO, "replica " + address + " sent an unreadable answer: " + e.getMessage(), e);
            } finally {
                buf.release();
            }
        });
    }

    private interface PayloadReader<T> {
        T read(ByteBuf payload) throws IOException;
    }

    @Override
    public void onFailure(Consumer<Throwable> listener) {
        failureListeners.add(listener);
    }

    /** Fails whatever is in flight with DISCONNECTED and closes the connections; does not block. */
    @Override
    public void close() {
        die(new BlockIoException(IoError.DISCONNECTED, "replica client for " + address + " was closed"), false);
    }

    long nextId() {
        return lastId.incrementAndGet();
    }

    boolean isDead() {
        return death.get() != null;
    }

    BlockIoException failureForNewRequests() {
        Death dead = death.get();
        return dead != null
                ? dead.forNewRequests()
                : new BlockIoException(IoError.DISCONNECTED, "replica " + address + " is disconnected");
    }

    /** Kills the client because of a lost connection, a timeout or a broken replica. */
    void fail(IoError error, String message, Throwable cause) {
        die(new BlockIoException(error, message, cause), true);
    }

    private void die(BlockIoException cause, boolean notifyListeners) {
        BlockIoException forNewRequests = cause.error() == IoError.DISCONNECTED
                ? cause
                : new BlockIoException(
                        IoError.DISCONNECTED, "replica " + address + " is disconnected: " + cause.getMessage(), cause);
        if (!death.compareAndSet(null, new Death(cause, forNewRequests))) {
            return;
        }
        if (notifyListeners) {
            LOG.warn("replica {} failed: {}", address, cause.getMessage());
        }
        CompletableFuture<?>[] drained = new CompletableFuture<?>[connections.length];
        for (int i = 0; i < connections.length; i++) {
            drained[i] = connections[i].shutdown(cause);
        }
        if (notifyListeners) {
            CompletableFuture.allOf(drained).whenComplete((ignored, error) -> failureListeners.fire(cause));
        }
    }

    /** For the less frequent requests, whose records refuse bad arguments. */
    private <T> CompletableFuture<T> submit(Supplier<Request> request) {
        Request built;
        try {
            built = request.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            return invalid(e.getMessage());
        }
        return submit(built);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submit(Request request) {
        Death dead = death.get();
        if (dead != null) {
            ReferenceCountUtil.release(request);
            return CompletableFuture.failedFuture(dead.forNewRequests());
        }
        ClientConnection connection = connectionFor(request);
        PendingRequest pending = new PendingRequest(connection, request, System.nanoTime());
        connection.submit(pending);
        return (CompletableFuture<T>) (CompletableFuture<?>) pending.future();
    }

    /**
     * The connection served by the calling thread's event loop when there is one, so that a
     * caller on a shared loop (the controller's NBD connections) sends and is answered without a
     * thread hand-off either way; otherwise round-robin.
     */
    private ClientConnection connectionFor(Request request) {
        for (ClientConnection connection : connections) {
            if (connection.loop().inEventLoop()) {
                return connection;
            }
        }
        return connections[(int) (request.id() % connections.length)];
    }

    private <T> CompletableFuture<T> invalid(String message) {
        return CompletableFuture.failedFuture(
                new BlockIoException(IoError.INVALID, "replica " + address + ": " + message));
    }
}
