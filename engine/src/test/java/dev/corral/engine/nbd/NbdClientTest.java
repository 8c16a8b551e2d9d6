package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.nbd.NbdClient;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NbdClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void writesReadsAndFlushesThroughOurServer() throws IOException {
        MemoryBlockDevice volume = new MemoryBlockDevice(1 << 20);
        try (NbdServer server = NbdServer.start(
                NbdServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                ExportRegistry.of(Map.of("vol", volume)))) {
            URI uri = URI.create("nbd://127.0.0.1:" + server.localAddress().getPort() + "/vol");
            byte[] block = new byte[4096];
            Arrays.fill(block, (byte) 0x5a);
            try (NbdClient client = NbdClient.connect(uri, TIMEOUT)) {
                assertThat(client.size()).isEqualTo(1 << 20);
                client.write(8192, block, true);
                client.flush();
            }
            // Another connection sees what the first one wrote.
            try (NbdClient client = NbdClient.connect(uri, TIMEOUT)) {
                assertThat(client.read(8192, 4096)).isEqualTo(block);
                assertThat(client.read(0, 16)).containsOnly(0);
                assertThatThrownBy(() -> client.read((1 << 20) - 8, 16))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("outside the export of 1048576 bytes");
            }
            URI missing = URI.create("nbd://127.0.0.1:" + server.localAddress().getPort() + "/nope");
            assertThatThrownBy(() -> NbdClient.connect(missing, TIMEOUT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused export 'nope'");
        }
    }

    @SystemTest
    @Test
    void interoperatesWithNbdkit() throws Exception {
        ExternalCommand.requireTool("nbdkit");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process nbdkit = ExternalCommand.start(
                dir.resolve("nbdkit.log"),
                "nbdkit",
                "--foreground",
                "--exit-with-parent",
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "memory",
                "size=4M");
        try {
            URI uri = URI.create("nbd://127.0.0.1:" + port + "/");
            NbdClient client = connectWhenListening(uri);
            try (client) {
                assertThat(client.size()).isEqualTo(4L << 20);
                byte[] data = "corral".repeat(100).getBytes(StandardCharsets.US_ASCII);
                client.write(4096, data, true);
                client.flush();
                assertThat(client.read(4096, data.length)).isEqualTo(data);
            }
            // And nbdsh (libnbd) reads what this client wrote.
            assertThat(ExternalCommand.run(TIMEOUT, ExternalCommand.nbdsh(uri.toString(), "print(h.pread(6, 4096))")))
                    .contains("corral");
        } finally {
            nbdkit.destroyForcibly().waitFor();
        }
    }

    @Test
    void aServerThatIsNotNbdGetsAClearError() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket peer = fake.accept()) {
                    peer.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    peer.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (IOException | InterruptedException ignored) {
                    // the client has what it needs
                }
            });
            URI uri = URI.create("nbd://127.0.0.1:" + fake.getLocalPort() + "/vol");
            assertThatThrownBy(() -> NbdClient.connect(uri, TIMEOUT))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("not an NBD server, or a broken one: server magic is 0x");
        }
        assertThatThrownBy(() -> NbdClient.connect(URI.create("http://127.0.0.1:1/vol"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nbd://HOST:PORT/EXPORT");
    }

    @Test
    void speaksOverAUnixSocketAsAClusterExportIsServed() throws IOException {
        MemoryBlockDevice volume = new MemoryBlockDevice(1 << 20);
        Path socket = dir.resolve("exports").resolve("vol.sock");
        try (NbdServer server =
                NbdServer.start(NbdServerConfig.defaults(socket), ExportRegistry.of(Map.of("vol", volume)))) {
            URI uri = URI.create("nbd+unix:///vol?socket=" + socket);
            byte[] block = new byte[4096];
            Arrays.fill(block, (byte) 0x3c);
            try (NbdClient client = NbdClient.connect(uri, TIMEOUT)) {
                client.write(4096, block, false);
                client.flush();
                assertThat(client.read(4096, 4096)).isEqualTo(block);
            }
        }
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpOnAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket peer = silent.accept()) {
                    Thread.sleep(30_000);
                } catch (IOException | InterruptedException ignored) {
                    // the client gave up
                }
            });
            URI uri = URI.create("nbd://127.0.0.1:" + silent.getLocalPort() + "/vol");
            assertThatThrownBy(() -> NbdClient.connect(uri, Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("connect and handshake took longer than PT0.3S");
        }
    }

    private static NbdClient connectWhenListening(URI uri) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return NbdClient.connect(uri, TIMEOUT);
            } catch (ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }
}
