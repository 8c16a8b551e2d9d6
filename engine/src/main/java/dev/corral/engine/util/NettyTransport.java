package dev.corral.engine.util;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Picks native epoll when the platform has it, NIO otherwise, and the channel types that fit a
 * group. The epoll classes are looked up at run time: the build has them on the runtime class path
 * only (Netty's BOM scopes the native jar {@code runtime}).
 */
public final class NettyTransport {
    private static final Epoll EPOLL = Epoll.load();

    private NettyTransport() {}

    public static boolean epollAvailable() {
        return EPOLL != null;
    }

    /** An event loop group of daemon threads named {@code name-N}: epoll when available. */
    public static EventLoopGroup newEventLoopGroup(int threads, String name) {
        return newEventLoopGroup(threads, name, EPOLL != null ? EPOLL.newFactory() : NioIoHandler.newFactory());
    }

    /** A NIO group even where epoll works; for code paths that must also run on NIO. */
    public static EventLoopGroup newNioEventLoopGroup(int threads, String name) {
        return newEventLoopGroup(threads, name, NioIoHandler.newFactory());
    }

    private static EventLoopGroup newEventLoopGroup(int threads, String name, IoHandlerFactory io) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    public static Class<? extends SocketChannel> socketChannelType(EventLoopGroup group) {
        return isEpoll(group) ? EPOLL.socketChannel() : NioSocketChannel.class;
    }

    public static Class<? extends ServerSocketChannel> serverSocketChannelType(EventLoopGroup group) {
        return isEpoll(group) ? EPOLL.serverSocketChannel() : NioServerSocketChannel.class;
    }

    /** The server channel type for Unix sockets that fits {@code group}. */
    public static Class<? extends ServerChannel> serverDomainSocketChannelType(EventLoopGroup group) {
        return isEpoll(group) ? EPOLL.serverDomainSocketChannel() : NioServerDomainSocketChannel.class;
    }

    /** The address of a Unix socket as {@code group}'s channels take it. */
    public static SocketAddress domainSocketAddress(EventLoopGroup group, Path path) {
        return isEpoll(group) ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
    }

    /** "epoll" or "nio": what a group runs on, for logs and tests. */
    public static String name(EventLoopGroup group) {
        return isEpoll(group) ? "epoll" : "nio";
    }

    private static boolean isEpoll(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io) {
            if (EPOLL != null && io.isIoType(EPOLL.ioHandler())) {
                return true;
            }
            if (io.isIoType(NioIoHandler.class)) {
                return false;
            }
        }
        throw new IllegalArgumentException("need an epoll or NIO event loop group, got " + group.getClass());
    }

    /** The epoll classes, present only when the native transport loaded. */
    private record Epoll(
            Class<? extends IoHandler> ioHandler,
            Class<? extends SocketChannel> socketChannel,
            Class<? extends ServerSocketChannel> serverSocketChannel,
            Class<? extends ServerChannel> serverDomainSocketChannel) {
        private static final String PACKAGE = "io.netty.channel.epoll.";

        static Epoll load() {
            try {
                if (!(boolean) Class.forName(PACKAGE + "Epoll")
                        .getMethod("isAvailable")
                        .invoke(null)) {
                    return null;
                }
                return new Epoll(
                        Class.forName(PACKAGE + "EpollIoHandler").asSubclass(IoHandler.class),
                        Class.forName(PACKAGE + "EpollSocketChannel").asSubclass(SocketChannel.class),
                        Class.forName(PACKAGE + "EpollServerSocketChannel").asSubclass(ServerSocketChannel.class),
                        Class.forName(PACKAGE + "EpollServerDomainSocketChannel")
                                .asSubclass(ServerChannel.class));
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                return null;
            }
        }

        IoHandlerFactory newFactory() {
            try {
                return (IoHandlerFactory) ioHandler.getMethod("newFactory").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("epoll transport loaded but cannot create its I/O handler", e);
            }
        }
    }
}
