package dev.corral.engine.nbd;

import dev.corral.engine.util.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NBD server frontend: serves the volumes of an {@link ExportRegistry} to NBD clients (the Linux
 * kernel's nbd driver, qemu, libnbd tools) over TCP, fixed newstyle negotiation, no TLS. Uses
 * native epoll when available, NIO otherwise. Each connection is independent: a misbehaving client
 * only ever loses its own connection.
 *
 * <pre>{@code
 * try (NbdServer server = NbdServer.start(NbdServerConfig.defaults(new InetSocketAddress("0.0.0.0", 10809)), exports)) {
 *     ...
 * }
 * }</pre>
 */
public final class NbdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NbdServer.class);

    /** Above this much unsent reply data a connection stops reading requests until it drains. */
    private static final WriteBufferWaterMark REPLY_BACKLOG = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final String transportName;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final NbdListener listener;

    private NbdServer(
            String transportName,
            EventLoopGroup group,
            boolean ownsGroup,
            Channel serverChannel,
            ChannelGroup connections,
            NbdListener listener) {
        this.listener = listener;
        this.transportName = transportName;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /** Binds and starts serving; fails (with the bind error) if the address cannot be bound. */
    public static NbdServer start(NbdServerConfig config, ExportRegistry exports) {
        return start(config, exports, NettyTransport.newEventLoopGroup(config.ioThreads(), "corral-nbd"));
    }

    /**
     * Starts on the caller's event loop group, which it keeps: {@link #close()} leaves it running.
     * The controller shares one group between this server and its replica clients, so that a
     * request and its replica round trips run on one thread (no hand-offs, no wake-ups).
     * {@code config.ioThreads()} is not used.
     */
    public static NbdServer startOn(NbdServerConfig config, ExportRegistry exports, EventLoopGroup group) {
        return start(config, exports, group, false);
    }

    /**
     * Starts on a given event loop group, which the server owns from then on; lets tests cover the
     * NIO fallback on a host that has epoll.
     */
    static NbdServer start(NbdServerConfig config, ExportRegistry exports, EventLoopGroup group) {
        return start(config, exports, group, true);
    }

    private static NbdServer start(
            NbdServerConfig config, ExportRegistry exports, EventLoopGroup group, boolean ownsGroup) {
        String transport = NettyTransport.name(group);
        ChannelGroup connections = new DefaultChannelGroup("nbd-connections", GlobalEventExecutor.INSTANCE);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, REPLY_BACKLOG)
                    .childHandler(new NbdConnectionInitializer(exports, config, connections));
            Channel serverChannel = switch (config.listener()) {
                case NbdListener.Tcp tcp ->
                    bootstrap
                            .channel(NettyTransport.serverSocketChannelType(group))
                            .option(ChannelOption.SO_REUSEADDR, true)
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childOption(ChannelOption.SO_KEEPALIVE, true)
                            .bind(tcp.address())
                            .syncUninterruptibly()
                            .channel();
                case NbdListener.UnixSocket unix -> UnixSockets.bind(bootstrap, group, unix.path());
            };
            log.info("NBD server listening on {} ({} transport)", serverChannel.localAddress(), transport);
            return new NbdServer(transport, group, ownsGroup, serverChannel, connections, config.listener());
        } catch (RuntimeException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw e;
        }
    }

    /**
     * The TCP address actually bound, with the real port when the configuration asked for port 0.
     *
     * @throws IllegalStateException when the server listens on a Unix socket
     */
    public InetSocketAddress localAddress() {
        if (serverChannel.localAddress() instanceof InetSocketAddress address) {
            return address;
        }
        throw new IllegalStateException("the NBD server listens on a Unix socket, not TCP: " + listener);
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transportName;
    }

    /** Connections currently open, in the handshake or transmission phase. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, closes every connection (requests still running on a device complete, but
     * their replies are dropped) and stops the I/O threads unless the caller owns them. Must not be called from an I/O thread.
     */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        if (ownsGroup) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (listener instanceof NbdListener.UnixSocket unix) {
            UnixSockets.remove(unix.path());
        }
        log.info("NBD server on {} stopped", serverChannel.localAddress());
    }
}
