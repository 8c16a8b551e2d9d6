package dev.corral.node.instance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the instance's engines export their volumes: one Unix socket per volume, mode 600 in a
 * directory mode 700 (root's, on a real node), on the node that attached the volume. Only its
 * owner can open it, as the kernel's {@code nbd-client -unix} does; there is no TCP export a
 * process on another machine or another local user could reach.
 */
final class ExportSockets {
    /** sun_path holds 108 bytes with its terminating zero; leave a margin. */
    private static final int MAX_PATH_BYTES = 100;

    private final Path dir;

    ExportSockets(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * {@code DIR/VOLUME.sock}; when a deep directory would make that too long for a Unix socket, a
     * short directory under /run (or the temporary directory) named by a hash of DIR.
     */
    Path socket(String volume) {
        Path named = dir.resolve(volume + ".sock");
        if (fits(named)) {
            return named;
        }
        Path run = Path.of(System.getProperty("corral.run.dir", "/run"));
        Path base = Files.isWritable(run)
                ? run.resolve("corral")
                : Path.of(System.getProperty("java.io.tmpdir"), "corral-run");
        Path shortDir = base.resolve("nbd-" + hash(dir.toString()).substring(0, 12));
        Path shortNamed = shortDir.resolve(volume + ".sock");
        return fits(shortNamed) ? shortNamed : shortDir.resolve(hash(volume).substring(0, 24) + ".sock");
    }

    /** The URI libnbd, nbdcopy, fio and {@code NbdClient} connect with: {@code nbd+unix:///VOLUME?socket=PATH}. */
    static String uri(String volume, Path socket) {
        return "nbd+unix:///" + volume + "?socket="
                + URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static boolean fits(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
