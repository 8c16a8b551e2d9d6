package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.testsupport.Await;
import dev.corral.engine.util.NettyTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server lifecycle, transports, and connections sharing one volume. */
class NbdServerTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void usesNativeEpollOnLinux() {
        try (NbdServer server = NbdServer.start(NbdServerConfig.defaults(ANY_LOOPBACK_PORT), new TestExports())) {
            assertThat(server.transportName()).isEqualTo("epoll");
        }
    }

    @Test
    void servesOverTheNioFallback() throws IOException {
        MemoryBlockDevice volume = new MemoryBlockDevice(1 << 20);
        try (NbdServer server = NbdServer.start(
                        NbdServerConfig.defaults(ANY_LOOPBACK_PORT),
                        ExportRegistry.of(Map.of("vol", volume)),
                        NettyTransport.newNioEventLoopGroup(2, "test-nio"));
                RawNbdClient client = new RawNbdClient(server.localAddress()).go("vol")) {
            assertThat(server.transportName()).isEqualTo("nio");
            client.send(NbdWire.request(0, 1, 1, 100, 3, new byte[] {7, 8, 9}));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(0, 1));
            client.send(NbdWire.request(0, 0, 2, 99, 5));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(0, 2));
            assertThat(client.readBytes(5)).containsExactly(0, 7, 8, 9, 0);
        }
    }

    @Test
    void aWriteAcknowledgedOnOneConnectionIsReadOnAnother() throws IOException {
        MemoryBlockDevice volume = new MemoryBlockDevice(1 << 20);
        try (NbdServer server = NbdServer.start(
                        NbdServerConfig.defaults(ANY_LOOPBACK_PORT), ExportRegistry.of(Map.of("vol", volume)));
                RawNbdClient writer = new RawNbdClient(server.localAddress()).go("vol");
                RawNbdClient reader = new RawNbdClient(server.localAddress()).go("vol")) {
            writer.send(NbdWire.request(1, 1, 1, 4096, 4, new byte[] {1, 2, 3, 4}));
            assertThat(writer.readSimpleReply().error()).isZero();
            reader.send(NbdWire.request(0, 3, 2, 0, 0));
            assertThat(reader.readSimpleReply().error())
                    .as("flush on the other connection")
                    .isZero();
            reader.send(NbdWire.request(0, 0, 3, 4096, 4));
            assertThat(reader.readSimpleReply().error()).isZero();
            assertThat(reader.readBytes(4)).containsExactly(1, 2, 3, 4);
            assertThat(volume.fuaWrites.get()).isEqualTo(1);
            assertThat(volume.flushes.get()).isEqualTo(1);
        }
    }

    @Test
    void closeDisconnectsClientsAndFreesThePort() throws IOException {
        NbdServer server = NbdServer.start(NbdServerConfig.defaults(ANY_LOOPBACK_PORT), ExportRegistry.of(Map.of()));
        InetSocketAddress address = server.localAddress();
        try (RawNbdClient client = new RawNbdClient(address).expectGreeting()) {
            Await.until(Duration.ofSeconds(5), "connection registered", () -> server.connectionCount() == 1);
            server.close();
            assertThat(client.closedByServer()).isTrue();
        }
        assertThatThrownBy(() -> new RawNbdClient(address)).isInstanceOf(IOException.class);
        try (NbdServer again = NbdServer.start(NbdServerConfig.defaults(address), ExportRegistry.of(Map.of()))) {
            assertThat(again.localAddress()).isEqualTo(address);
        }
    }

    @Test
    void bindFailureIsReported() {
        try (NbdServer server = NbdServer.start(NbdServerConfig.defaults(ANY_LOOPBACK_PORT), new TestExports())) {
            assertThatThrownBy(
                            () -> NbdServer.start(NbdServerConfig.defaults(server.localAddress()), new TestExports()))
                    .hasMessageContaining("in use");
        }
    }
}
