package dev.corral.engine.replica.server;

import static dev.corral.engine.replica.server.RawReplicaSocket.EXTENTS;
import static dev.corral.engine.replica.server.RawReplicaSocket.FLUSH;
import static dev.corral.engine.replica.server.RawReplicaSocket.GROW;
import static dev.corral.engine.replica.server.RawReplicaSocket.INFO;
import static dev.corral.engine.replica.server.RawReplicaSocket.PING;
import static dev.corral.engine.replica.server.RawReplicaSocket.READ;
import static dev.corral.engine.replica.server.RawReplicaSocket.SNAPSHOT;
import static dev.corral.engine.replica.server.RawReplicaSocket.UNMAP;
import static dev.corral.engine.replica.server.RawReplicaSocket.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.server.RawReplicaSocket.Answer;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.InMemoryReplicaStore;
import dev.corral.engine.testsupport.InMemoryReplicaStore.Call;
import dev.corral.engine.testsupport.LeakWatch;
import dev.corral.engine.util.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class ReplicaServerTest {
    private static final int MAX_DATA = 64 << 10;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private InMemoryReplicaStore store;
    private ReplicaServer server;

    @BeforeEach
    void startServer() throws IOException {
        store = new InMemoryReplicaStore(1 << 20);
        server = ReplicaServer.start(
                store.served(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withIoThreads(2).withMaxDataBytes(MAX_DATA));
    }

    @AfterEach
    void stopServer() {
        store.releaseFlushes();
        server.close();
    }

    @Test
    void bindsAnEphemeralPort() {
        assertThat(server.address().getPort()).isPositive();
        assertThat(server.hostPort()).endsWith(":" + server.address().getPort());
    }

    @Test
    void servesHandBuiltFramesAsDocumented() throws IOException {
        byte[] data = pattern(4096, 3);
        try (RawReplicaSocket socket = connect()) {
            socket.request(WRITE, 1, 8192, data.length, data);
            assertThat(socket.answer()).isEqualTo(new Answer(WRITE, 0, 1, new byte[0]));

            socket.request(READ, 2, 8192, 4096);
            Answer read = socket.answer();
            assertThat(read.op()).isEqualTo(READ);
            assertThat(read.id()).isEqualTo(2);
            assertThat(read.payload()).isEqualTo(data);

            socket.request(EXTENTS, 3, 0, 16384);
            ByteBuffer extents = ByteBuffer.wrap(socket.answer().payload());
            assertThat(extents.remaining()).isEqualTo(3 * 16);
            assertThat(new long[] {extents.getLong(), extents.getLong()}).containsExactly(0, 8192);
            assertThat(new long[] {extents.getLong(), extents.getLong()}).containsExactly(8192, 4096 | (1L << 63));
            assertThat(new long[] {extents.getLong(), extents.getLong()}).containsExactly(12288, 4096);

            socket.request(UNMAP, 4, 8192, 4096);
            assertThat(socket.answer().status()).isZero();
            socket.request(READ, 5, 8192, 4096);
            assertThat(socket.answer().payload()).isEqualTo(new byte[4096]);

            socket.request(SNAPSHOT, 6, 0, 0, "snap-1".getBytes(StandardCharsets.UTF_8));
            assertThat(socket.answer()).isEqualTo(new Answer(SNAPSHOT, 0, 6, new byte[0]));
            socket.request(GROW, 7, 0, 2 << 20);
            assertThat(socket.answer()).isEqualTo(new Answer(GROW, 0, 7, new byte[0]));
            socket.request(INFO, 8, 0, 0);
            assertThat(socket.answer().text()).contains("\"size\":2097152", "\"chain\":[\"snap-1\"]");
            socket.request(FLUSH, 9, 0, 0);
            assertThat(socket.answer()).isEqualTo(new Answer(FLUSH, 0, 9, new byte[0]));
            socket.request(WRITE, 10, 4096, 0, new byte[0]);
            assertThat(socket.answer()).isEqualTo(new Answer(WRITE, 0, 10, new byte[0]));
        }
        assertThat(store.flushes()).isEqualTo(1);
    }

    @Test
    void aSlowFlushIsOvertakenByLaterRequests() throws IOException {
        store.holdFlushes();
        try (RawReplicaSocket socket = connect()) {
            socket.request(FLUSH, 1, 0, 0);
            Await.until(WAIT, "flush to reach the store", () -> store.flushesWaiting() == 1);
            socket.request(WRITE, 2, 0, 4, new byte[4]);
            socket.request(PING, 3, 0, 0);

            assertThat(socket.answer().id()).isEqualTo(2);
            assertThat(socket.answer().id()).isEqualTo(3);
            store.releaseFlushes();
            assertThat(socket.answer()).isEqualTo(new Answer(FLUSH, 0, 1, new byte[0]));
        }
    }

    @Test
    void aClientThatReadsItsAnswersLateGetsThemAll() throws IOException {
        int requests = 2000;
        try (RawReplicaSocket socket = connect()) {
            for (int id = 0; id < requests; id++) {
                socket.request(READ, id, 0, MAX_DATA);
            }
            for (int id = 0; id < requests; id++) {
                Answer answer = socket.answer();
                assertThat(answer.id()).isEqualTo(id);
                assertThat(answer.payload()).hasSize(MAX_DATA);
            }
        }
    }

    @Test
    void badMagicIsAnsweredThenTheConnectionClosedWhileOthersAreServed() throws IOException {
        try (RawReplicaSocket other = connect();
                RawReplicaSocket http = connect()) {
            http.send("GET / HTTP/1.1\r\nHost: replica\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            Answer refused = http.answer();
            assertThat(refused.status()).isEqualTo(IoError.INVALID.errno());
            assertThat(refused.id()).isZero();
            assertThat(refused.text()).contains("bad magic");
            assertThat(http.closedByServer()).isTrue();

            other.request(PING, 1, 0, 0);
            assertThat(other.answer()).isEqualTo(new Answer(PING, 0, 1, new byte[0]));
        }
        assertThat(store.mutations()).isZero();
    }

    @Test
    void unknownVersionIsAnsweredThenTheConnectionClosed() throws IOException {
        try (RawReplicaSocket socket = connect()) {
            socket.send(RawReplicaSocket.header(RawReplicaSocket.REQUEST_MAGIC, 9, PING, 0, 1, 0, 0, 0));

            assertThat(socket.answer().status()).isEqualTo(IoError.NOT_SUPPORTED.errno());
            assertThat(socket.closedByServer()).isTrue();
        }
    }

    @Test
    void unknownOpIsAnsweredAndTheConnectionKeepsWorking() throws IOException {
        try (RawReplicaSocket socket = connect()) {
            socket.send(RawReplicaSocket.header(RawReplicaSocket.REQUEST_MAGIC, 1, 200, 0, 41, 0, 0, 5));
            socket.send(new byte[5]);
            socket.request(PING, 42, 0, 0);

            Answer refused = socket.answer();
            assertThat(refused.id()).isEqualTo(41);
            assertThat(refused.status()).isEqualTo(IoError.NOT_SUPPORTED.errno());
            assertThat(socket.answer()).isEqualTo(new Answer(PING, 0, 42, new byte[0]));
        }
    }

    @Test
    void writeAboveTheServersMaximumIsRefusedWithoutTouchingTheStore() throws IOException {
        try (RawReplicaSocket socket = connect()) {
            socket.request(WRITE, 5, 0, MAX_DATA + 1, pattern(MAX_DATA + 1, 1));
            socket.request(READ, 6, 0, MAX_DATA + 1);
            socket.request(PING, 7, 0, 0);

            assertThat(socket.answer()).satisfies(a -> {
                assertThat(a.id()).isEqualTo(5);
                assertThat(a.status()).isEqualTo(IoError.INVALID.errno());
            });
            assertThat(socket.answer()).satisfies(a -> {
                assertThat(a.id()).isEqualTo(6);
                assertThat(a.status()).isEqualTo(IoError.INVALID.errno());
            });
            assertThat(socket.answer().id()).isEqualTo(7);
        }
        assertThat(store.mutations()).isZero();
    }

    @Test
    void payloadAboveTheProtocolMaximumClosesTheConnectionWithoutTouchingTheStore() throws IOException {
        try (RawReplicaSocket socket = connect()) {
            socket.send(RawReplicaSocket.header(RawReplicaSocket.REQUEST_MAGIC, 1, WRITE, 0, 9, 0, 64 << 20, 64 << 20));
            socket.send(new byte[4096]);

            Answer refused = socket.answer();
            assertThat(refused.id()).isEqualTo(9);
            assertThat(refused.status()).isEqualTo(IoError.INVALID.errno());
            assertThat(socket.closedByServer()).isTrue();
        }
        assertThat(store.mutations()).isZero();
    }

    @Test
    void truncatedFrameAndHangUpLeaveTheServerServing() throws IOException {
        try (RawReplicaSocket truncated = connect()) {
            byte[] header = RawReplicaSocket.header(RawReplicaSocket.REQUEST_MAGIC, 1, WRITE, 0, 1, 0, 4096, 4096);
            truncated.send(Arrays.copyOf(header, header.length + 100));
        }
        Await.until(WAIT, "the truncated connection to go", () -> server.connectionCount() == 0);
        try (RawReplicaSocket socket = connect()) {
            socket.request(PING, 2, 0, 0);
            assertThat(socket.answer().id()).isEqualTo(2);
        }
        assertThat(store.mutations()).isZero();
    }

    @Test
    void storeFailuresAreAnsweredWithTheirIoError() throws IOException {
        store.failNext(Call.WRITE, new BlockIoException(IoError.NO_SPACE, "disk full"));
        store.failNext(Call.FLUSH, new IOException("fsync: input/output error"));
        store.failNext(Call.UNMAP, new IllegalStateException("store bug"));
        try (RawReplicaSocket socket = connect()) {
            socket.request(WRITE, 1, 0, 4, new byte[4]);
            Answer noSpace = socket.answer();
            assertThat(noSpace.status()).isEqualTo(IoError.NO_SPACE.errno());
            assertThat(noSpace.op()).isZero();
            assertThat(noSpace.text()).contains("disk full");

            socket.request(FLUSH, 2, 0, 0);
            Answer io = socket.answer();
            assertThat(io.status()).isEqualTo(IoError.IO.errno());
            assertThat(io.text()).contains("fsync: input/output error");

            socket.request(UNMAP, 3, 0, 4096);
            assertThat(socket.answer().status()).isEqualTo(IoError.IO.errno());

            socket.request(READ, 4, (1 << 20) - 2, 4);
            assertThat(socket.answer().status()).isEqualTo(IoError.INVALID.errno());

            socket.request(GROW, 5, 0, 10);
            assertThat(socket.answer().status()).isEqualTo(IoError.INVALID.errno());
        }
    }

    @Test
    void servesManyConnectionsAtOnce() throws IOException {
        List<RawReplicaSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                sockets.add(connect());
            }
            for (int i = 0; i < sockets.size(); i++) {
                sockets.get(i).request(PING, i, 0, 0);
            }
            for (int i = 0; i < sockets.size(); i++) {
                assertThat(sockets.get(i).answer().id()).isEqualTo(i);
            }
            assertThat(server.connectionCount()).isEqualTo(200);
        } finally {
            for (RawReplicaSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void closingTheServerClosesItsConnections() throws IOException {
        try (RawReplicaSocket socket = connect()) {
            socket.request(PING, 1, 0, 0);
            socket.answer();
            server.close();
            assertThat(socket.closedByServer()).isTrue();
        }
    }

    @Test
    void serversOnASharedGroupCloseWithoutStoppingIt() throws IOException {
        EventLoopGroup shared = NettyTransport.newEventLoopGroup(1, "test-shared");
        InMemoryReplicaStore otherStore = new InMemoryReplicaStore(1 << 20);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            ReplicaServer first = ReplicaServer.startOn(store.served(), any, ReplicaServerConfig.DEFAULT, shared);
            ReplicaServer second = ReplicaServer.startOn(otherStore.served(), any, ReplicaServerConfig.DEFAULT, shared);
            try (RawReplicaSocket socket = new RawReplicaSocket(second.address())) {
                first.close();
                assertThat(shared.isShuttingDown()).isFalse();
                socket.request(FLUSH, 1, 0, 0);
                assertThat(socket.answer()).isEqualTo(new Answer(FLUSH, 0, 1, new byte[0]));
            } finally {
                second.close();
            }
            assertThat(otherStore.flushes()).isEqualTo(1);
            assertThat(shared.isShuttingDown()).isFalse();
        } finally {
            shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private RawReplicaSocket connect() throws IOException {
        return new RawReplicaSocket(server.address());
    }

    private static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
