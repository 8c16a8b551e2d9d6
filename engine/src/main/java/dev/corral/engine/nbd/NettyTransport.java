package dev.corral.engine.nbd;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport to serve with: native epoll when it loads, NIO otherwise. Epoll is looked up by
 * name because the Netty BOM puts the native transport on the runtime classpath only.
 */
record NettyTransport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {
    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    static NettyTransport best() {
        try {
            Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
            if ((boolean) epoll.getMethod("isAvailable").invoke(null)) {
                IoHandlerFactory factory = (IoHandlerFactory) Class.forName("io.netty.channel.epoll.EpollIoHandler")
                        .getMethod("newFactory")
                        .invoke(null);
                Class<? extends ServerChannel> channel = Class.forName(
                                "io.netty.channel.epoll.EpollServerSocketChannel")
                        .asSubclass(ServerChannel.class);
                return new NettyTransport("epoll", factory, channel);
            }
            Throwable cause = (Throwable) epoll.getMethod("unavailabilityCause").invoke(null);
            log.debug("native epoll unavailable, using NIO", cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            log.debug("native epoll not on the classpath, using NIO", e);
        }
        return nio();
    }

    static NettyTransport nio() {
        return new NettyTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
