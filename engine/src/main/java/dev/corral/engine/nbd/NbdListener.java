package dev.corral.engine.nbd;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/** Where an NBD server listens: a TCP address, or a Unix socket that only its owner may open. */
public sealed interface NbdListener {
    /** @param address port 0 picks a free port (see {@link NbdServer#localAddress()}) */
    record Tcp(InetSocketAddress address) implements NbdListener {
        public Tcp {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * A Unix socket, created mode 600 in a directory the server creates mode 700 when missing, so
     * that no other local user can reach the export; the kernel's {@code nbd-client -unix} and
     * libnbd's {@code nbd+unix://} connect to it. A stale socket file left by a killed server is
     * replaced.
     */
    record UnixSocket(Path path) implements NbdListener {
        public UnixSocket {
            Objects.requireNonNull(path, "path");
            path = path.toAbsolutePath().normalize();
        }
    }
}
