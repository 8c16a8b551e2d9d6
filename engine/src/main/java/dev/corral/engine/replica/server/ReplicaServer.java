package dev.corral.engine.replica.server;

import dev.corral.engine.replica.ReplicaStore;
import dev.corral.engine.replica.auth.Handshakes;
import dev.corral.engine.util.NettyTransport;
import dev.corral.engine.wire.RequestDecoder;
import dev.corral.engine.wire.ResponseEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one replica store over the replica protocol to any number of connections. The caller
 * keeps ownership of the store: {@link #close()} stops serving but does not close it. A client
 * proves who it is first when the config asks for it ({@link ReplicaServerConfig#authentication()}).
 */
public final class ReplicaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaServer.class);

    /** Flush the socket at the latest after this many answers, even in a long read burst. */
    private static final int FLUSH_AFTER_ANSWERS = 256;

    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final boolean ownsGroups;
    private final ExecutorService syncExecutor;
    private final ChannelGroup connections;
    private final Channel serverChannel;
    private final Duration shutdownGrace;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAccumulator peakQueuedAnswerBytes;

    private ReplicaServer(
            EventLoopGroup acceptGroup,
            EventLoopGroup ioGroup,
            boolean ownsGroups,
            ExecutorService syncExecutor,
            ChannelGroup connections,
            Channel serverChannel,
            Duration shutdownGrace,
            LongAccumulator peakQueuedAnswerBytes) {
        this.acceptGroup = acceptGroup;
        this.ioGroup = ioGroup;
        this.ownsGroups = ownsGroups;
        this.syncExecutor = syncExecutor;
        this.connections = connections;
        this.serverChannel = serverChannel;
        this.shutdownGrace = shutdownGrace;
        this.peakQueuedAnswerBytes = peakQueuedAnswerBytes;
    }

    /** Listens on {@code bind} (port 0 picks a free port; see {@link #address()}). */
    public static ReplicaServer start(ReplicaStore store, InetSocketAddress bind, ReplicaServerConfig config)
            throws IOException {
        return start(new ServedStore.Whole(store), bind, config);
    }

    /** Like {@link #start(ReplicaStore, InetSocketAddress, ReplicaServerConfig)}, for the roles of {@code served}. */
    public static ReplicaServer start(ServedStore served, InetSocketAddress bind, ReplicaServerConfig config)
            throws IOException {
        Objects.requireNonNull(served, "served");
        EventLoopGroup acceptGroup = NettyTransport.newEventLoopGroup(1, "corral-replica-accept");
        EventLoopGroup ioGroup = NettyTransport.newEventLoopGroup(config.ioThreads(), "corral-replica-io");
        ExecutorService syncExecutor = Executors.newFixedThreadPool(
                config.syncThreads(), new DefaultThreadFactory("corral-replica-sync", true));
        return start(served, bind, config, acceptGroup, ioGroup, true, syncExecutor);
    }

    /**
     * Listens on {@code bind} with the caller's event loop group, for accepting and serving alike,
     * which it keeps: {@link #close()} leaves it running. A process that hosts many replicas (a
     * node's instance process) shares one group among them instead of a thread set per replica.
     * {@code config.ioThreads()} is not used; the disk-waiting operations get a pool of their own
     * whose threads exit after a minute without work, so idle replicas hold no threads.
     */
    public static ReplicaServer startOn(
            ReplicaStore store, InetSocketAddress bind, ReplicaServerConfig config, EventLoopGroup group)
            throws IOException {
        return startOn(new ServedStore.Whole(store), bind, config, group);
    }

    /** Like {@link #startOn(ReplicaStore, InetSocketAddress, ReplicaServerConfig, EventLoopGroup)}, for the roles of {@code served}. */
    public static ReplicaServer startOn(
            ServedStore served, InetSocketAddress bind, ReplicaServerConfig config, EventLoopGroup group)
            throws IOException {
        Objects.requireNonNull(served, "served");
        ThreadPoolExecutor syncExecutor = new ThreadPoolExecutor(
                config.syncThreads(),
                config.syncThreads(),
                1,
                TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("corral-replica-sync", true));
        syncExecutor.allowCoreThreadTimeOut(true);
        return start(served, bind, config, group, group, false, syncExecutor);
    }

    private static ReplicaServer start(
            ServedStore served,
            InetSocketAddress bind,
            ReplicaServerConfig config,
            EventLoopGroup acceptGroup,
            EventLoopGroup ioGroup,
            boolean ownsGroups,
            ExecutorService syncExecutor)
            throws IOException {
        ChannelGroup connections = new DefaultChannelGroup("replica-connections", GlobalEventExecutor.INSTANCE);
        LongAccumulator peakQueued = new LongAccumulator(Math::max, 0);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NettyTransport.serverSocketChannelType(acceptGroup))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(config))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        // No request is decoded, let alone served, before the client is authenticated.
                        Handshakes.server(
                                channel,
                                config.authentication(),
                                pipeline -> addProtocol(pipeline, served, config, syncExecutor, peakQueued));
                    }
                });
        ChannelFuture bound = bootstrap.bind(bind).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            syncExecutor.shutdownNow();
            if (ownsGroups) {
                ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new IOException(
                    "cannot listen on " + bind + ": " + bound.cause().getMessage(), bound.cause());
        }
        LOG.info("replica server listening on {}", bound.channel().localAddress());
        return new ReplicaServer(
                acceptGroup,
                ioGroup,
                ownsGroups,
                syncExecutor,
                connections,
                bound.channel(),
                config.shutdownGrace(),
                peakQueued);
    }

    private static void addProtocol(
            ChannelPipeline pipeline,
            ServedStore served,
            ReplicaServerConfig config,
            ExecutorService syncExecutor,
            LongAccumulator peakQueued) {
        ReplicaConnectionLimits limits = config.limits();
        AnswerBudget budget = new AnswerBudget(limits.maxQueuedAnswerBytes(), config.maxDataBytes(), peakQueued);
        RequestDecoder decoder = new RequestDecoder(config.maxDataBytes());
        pipeline.addLast("idle-cutoff", new IdleCutoff(limits.idleTimeout(), budget::syncOpsRunning))
                .addLast("frame-deadline", new FrameDeadline(limits.frameTimeout(), decoder::midFrame))
                .addLast("flush-consolidation", new FlushConsolidationHandler(FLUSH_AFTER_ANSWERS, true))
                .addLast("decoder", decoder)
                .addLast("encoder", ResponseEncoder.INSTANCE)
                .addLast("replica", new ReplicaRequestHandler(served, syncExecutor, budget));
    }

    /**
     * Reading pauses once the answers queued pass the cap minus the largest answer: then the
     * answer of any one more request still fits under the cap ({@link AnswerBudget}).
     */
    private static WriteBufferWaterMark waterMark(ReplicaServerConfig config) {
        long high = config.limits().maxQueuedAnswerBytes() - config.largestAnswerBytes();
        int highMark = (int) Math.min(Integer.MAX_VALUE, high);
        return new WriteBufferWaterMark(highMark / 2, highMark);
    }

    /** The address actually bound (with the real port when asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** host:port for {@code ReplicaClient.connect}. */
    public String hostPort() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * The most answer bytes any one connection has had queued (written, not yet taken by its
     * socket, or kept for running disk operations) since the server started; never above
     * {@link ReplicaConnectionLimits#maxQueuedAnswerBytes()}.
     */
    public long peakQueuedAnswerBytes() {
        return peakQueuedAnswerBytes.get();
    }

    /** Connections open right now. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, closes every connection (clients see DISCONNECTED), then waits up to the
     * shutdown grace for running disk operations before interrupting them. The event loops stop
     * too, unless they were the caller's ({@link #startOn}).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        syncExecutor.shutdown();
        try {
            if (!syncExecutor.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("disk operations still running after {}; interrupting them", shutdownGrace);
                syncExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            syncExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (ownsGroups) {
            ioGroup.shutdownGracefully(0, shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly();
            acceptGroup
                    .shutdownGracefully(0, shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly();
        }
        LOG.info("replica server on {} closed", serverChannel.localAddress());
    }
}
