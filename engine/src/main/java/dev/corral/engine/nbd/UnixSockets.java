package dev.corral.engine.nbd;

import dev.corral.engine.util.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Binding an export to a Unix socket that only its owner may open. The socket lives in a
 * directory mode 700, so no other user can reach it even in the moment between bind and chmod.
 */
final class UnixSockets {
    private UnixSockets() {}

    static Channel bind(ServerBootstrap bootstrap, EventLoopGroup group, Path socket) {
        try {
            Path dir = socket.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
            if (!mode.endsWith("------")) {
                throw new IllegalArgumentException("the directory of NBD socket " + socket + " is " + mode
                        + ": other users could reach the export; use a directory only its owner may open (700)");
            }
            // A socket left by a server that was killed would make bind fail; only a socket is removed.
            if (Files.exists(socket) && !Files.isRegularFile(socket) && !Files.isDirectory(socket)) {
                Files.delete(socket);
            }
            Channel channel = bootstrap
                    .channel(NettyTransport.serverDomainSocketChannelType(group))
                    .bind(NettyTransport.domainSocketAddress(group, socket))
                    .syncUninterruptibly()
                    .channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the Unix socket " + socket, e);
        }
    }

    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // The next server on this path replaces it.
        }
    }
}
