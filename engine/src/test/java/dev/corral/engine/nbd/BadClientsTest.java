package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile input over raw sockets against a running server. Every case must end in
 * the protocol's error reply or a closed connection; afterwards the server still serves nbdinfo
 * and the volume's data is unchanged.
 */
@SystemTest
class BadClientsTest {
    private static final int SIZE = 16 << 20;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;

    private final MemoryBlockDevice volume = new MemoryBlockDevice(SIZE);
    private NbdServer server;
    private String checksumBefore;

    @BeforeEach
    void start() {
        byte[] data = new byte[SIZE];
        new Random(7).nextBytes(data);
        volume.fill(0, data);
        checksumBefore = volume.checksum();
        TestExports exports = new TestExports();
        exports.add("vol", volume);
        server = NbdServer.start(NbdServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), exports);
    }

    /** The server survived: connections drain, a real client works, and no byte changed. */
    @AfterEach
    void serverStillHealthy() throws IOException {
        try {
            Await.until(Duration.ofSeconds(10), "bad connections closed", () -> server.connectionCount() == 0);
            String uri = "nbd://127.0.0.1:" + server.localAddress().getPort() + "/vol";
            JsonNode info =
                    new ObjectMapper().readTree(ExternalCommand.run(Duration.ofSeconds(30), "nbdinfo", "--json", uri));
            assertThat(info.path("exports").get(0).path("export-size").asLong()).isEqualTo(SIZE);
            assertThat(volume.checksum()).as("data unchanged").isEqualTo(checksumBefore);
        } finally {
            server.close();
        }
    }

    private RawNbdClient connect() throws IOException {
        return new RawNbdClient(server.localAddress());
    }

    @Test
    void garbageInsteadOfClientFlagsIsDisconnected() throws IOException {
        try (RawNbdClient client = connect()) {
            client.expectGreeting().send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void badOptionMagicIsDisconnected() throws IOException {
        try (RawNbdClient client = connect()) {
            byte[] option = NbdWire.option(3, new byte[0]);
            option[7] = 0;
            client.expectGreeting().send(NbdWire.clientFlags(3)).send(option);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void unknownOptionsAreRefusedAndTheClientCanStillGo() throws IOException {
        try (RawNbdClient client = connect()) {
            client.expectGreeting().send(NbdWire.clientFlags(3));
            for (int option : new int[] {0, 4, 5, 11, 12, 999, -1}) {
                client.send(NbdWire.option(option, new byte[] {9, 9}));
                NbdWire.OptionReply reply = client.readOptionReply();
                assertThat(reply.option()).isEqualTo(option);
                assertThat(reply.type()).as("option %d", option).isEqualTo(0x80000001);
            }
            client.send(NbdWire.option(7, NbdWire.goData("vol")));
            assertThat(client.readOptionReply().type()).isEqualTo(3);
        }
    }

    @Test
    void optionLengthsOverTheMaximum() throws IOException {
        try (RawNbdClient client = connect()) {
            client.expectGreeting().send(NbdWire.clientFlags(3));
            int tooLong = HandshakeHandler.MAX_OPTION_DATA + 100;
            client.send(NbdWire.optionHeader(7, tooLong)).send(new byte[tooLong]);
            assertThat(client.readOptionReply().type()).isEqualTo(0x80000009);
            client.send(NbdWire.option(3, new byte[0]));
            assertThat(client.readOptionReply().type()).as("still haggling").isEqualTo(2);
            client.readOptionReply();
            // An export name cannot be refused politely: the session ends.
            client.send(NbdWire.optionHeader(1, 0xFFFFFFF0L));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void truncatedFramesOnlyEndTheirOwnConnection() throws IOException {
        byte[] write = NbdWire.request(0, 1, 1, 0, 65536, new byte[65536]);
        byte[] flagsThenGo = concat(NbdWire.clientFlags(3), NbdWire.option(7, NbdWire.goData("vol")));
        byte[][] cutShort = {
            Arrays.copyOf(flagsThenGo, 2), Arrays.copyOf(flagsThenGo, 12), Arrays.copyOf(flagsThenGo, 25)
        };
        for (byte[] partial : cutShort) {
            try (RawNbdClient client = connect()) {
                client.expectGreeting().send(partial);
            }
        }
        try (RawNbdClient client = connect()) {
            client.go("vol").send(Arrays.copyOf(write, 17));
        }
        try (RawNbdClient client = connect()) {
            client.go("vol").send(Arrays.copyOf(write, 28 + 30_000));
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void requestsPastTheEndGetErrorsAndTheConnectionKeepsWorking() throws IOException {
        try (RawNbdClient client = connect()) {
            client.go("vol");
            client.send(NbdWire.request(0, 0, 1, SIZE - 100, 200));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(EINVAL, 1));
            client.send(NbdWire.request(0, 1, 2, SIZE - 100, 200, new byte[200]));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(ENOSPC, 2));
            client.send(NbdWire.request(0, 6, 3, Long.MAX_VALUE, 1));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(ENOSPC, 3));
            client.send(NbdWire.request(0, 4, 4, -4096L, 4096));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(EINVAL, 4));
            client.send(NbdWire.request(0, 0, 5, 0, (32 << 20) + 1));
            assertThat(client.readSimpleReply())
                    .as("read over the maximum")
                    .isEqualTo(new NbdWire.SimpleReply(EINVAL, 5));

            client.send(NbdWire.request(0, 0, 6, 4096, 16));
            assertThat(client.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(0, 6));
            assertThat(client.readBytes(16)).isEqualTo(volume.bytes(4096, 16));
            client.send(NbdWire.request(0, 2, 7, 0, 0));
            assertThat(client.closedByServer()).as("DISC").isTrue();
        }
    }

    @Test
    void writeOverTheMaximumIsDisconnectedWithoutWriting() throws IOException {
        try (RawNbdClient client = connect()) {
            client.go("vol").send(NbdWire.request(0, 1, 1, 0, 0xFFFFFFFFL)).send(new byte[100_000]);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void badRequestMagicIsDisconnected() throws IOException {
        try (RawNbdClient client = connect()) {
            byte[] request = NbdWire.request(0, 1, 1, 0, 512, new byte[512]);
            request[0] = 0x12; // the historic 0x12560953 is reserved and not accepted
            request[1] = 0x56;
            request[2] = 0x09;
            request[3] = 0x53;
            client.go("vol").send(request);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void manyConcurrentGarbageConnectionsDoNotDisturbAGoodOne() throws Exception {
        Random random = new Random(11);
        RawNbdClient good = connect().go("vol");
        RawNbdClient[] bad = new RawNbdClient[20];
        for (int i = 0; i < bad.length; i++) {
            bad[i] = connect();
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            bad[i].expectGreeting().send(garbage);
        }
        good.send(NbdWire.request(0, 0, 77, 8192, 4096));
        assertThat(good.readSimpleReply()).isEqualTo(new NbdWire.SimpleReply(0, 77));
        assertThat(good.readBytes(4096)).isEqualTo(volume.bytes(8192, 4096));
        for (RawNbdClient client : bad) {
            client.close();
        }
        good.close();
    }
}
