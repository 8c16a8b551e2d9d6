package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.testsupport.SystemTest;
import dev.corral.engine.util.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage and malformed frames sent to the real processes of a running volume, at both of its
 * doors (the NBD port and a replica's port): the bad connection is refused or closed, every other
 * client goes on, and no data changes.
 */
@SystemTest
class HostileClientsTest {
    private static final Duration T = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void malformedTrafficChangesNothingAndHurtsNoOtherClient() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "guarded", 32L << 20, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path source = Checksums.randomFile(dir.resolve("src.img"), 32L << 20, 5);
            run(T, "nbdcopy", "--flush", source.toString(), volume.nbdUri());

            URI nbd = URI.create(volume.nbdUri());
            HostPort replica = HostPort.parse(volume.replicas.get(0).ready("address"));
            Random random = new Random(9);
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                sendAndDrain(nbd.getHost(), nbd.getPort(), junk);
                sendAndDrain(replica.host(), replica.port(), junk);
            }
            // A well-formed NBD client greeting followed by an oversized option length.
            sendAndDrain(
                    nbd.getHost(),
                    nbd.getPort(),
                    ByteBuffer.allocate(20)
                            .putInt(1) // client flags: fixed newstyle
                            .putLong(0x49484156454F5054L) // IHAVEOPT
                            .putInt(1) // NBD_OPT_EXPORT_NAME
                            .putInt(Integer.MAX_VALUE)
                            .array());
            // A replica request header with the right magic but a payload length over the maximum.
            sendAndDrain(
                    replica.host(),
                    replica.port(),
                    ByteBuffer.allocate(36)
                            .putInt(0x43524C51)
                            .put((byte) 1)
                            .put((byte) 2) // WRITE
                            .putShort((short) 0)
                            .putLong(1)
                            .putLong(0)
                            .putLong(Integer.MAX_VALUE)
                            .putInt(Integer.MAX_VALUE)
                            .array());

            assertThat(volume.replicaModes())
                    .extracting(r -> r.path("mode").asText())
                    .containsOnly("RW");
            String compare = volume.compareWith(source);
            assertThat(compare).contains("Images are identical");
        }
    }

    /** Sends bytes and reads whatever comes back until the server closes or goes quiet. */
    private static void sendAndDrain(String host, int port, byte[] bytes) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closedEarly) {
                return; // the server already hung up on us: that is one of the allowed answers
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                while (in.read(buffer) >= 0) {
                    // discard the server's greeting and error replies
                }
            } catch (SocketTimeoutException quiet) {
                // the server waits for more bytes of a frame we never finish: also allowed
            } catch (IOException reset) {
                // connection reset after an error reply
            }
        }
    }
}
