package dev.corral.engine.replica.server;

import static dev.corral.engine.replica.server.RawReplicaSocket.PING;
import static dev.corral.engine.replica.server.RawReplicaSocket.READ;
import static dev.corral.engine.replica.server.RawReplicaSocket.REQUEST_MAGIC;
import static dev.corral.engine.replica.server.RawReplicaSocket.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.replica.server.RawReplicaSocket.Answer;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.InMemoryReplicaStore;
import dev.corral.engine.testsupport.LeakWatch;
import dev.corral.engine.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A replica connection's costs are capped and its stalls cut off, over real sockets. */
@ExtendWith(LeakWatch.class)
class ReplicaConnectionLimitsTest {
    private static final int MAX_DATA = WireFormat.MAX_DATA_BYTES;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration SHORT = Duration.ofMillis(300);

    private final InMemoryReplicaStore store = new InMemoryReplicaStore(2L * MAX_DATA);
    private ReplicaServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBurstOfPipelined32MibReadsFromAClientThatDoesNotReadStaysUnderTheCap() throws IOException {
        long cap = 48L << 20; // room for one 32 MiB answer and a half
        start(ReplicaConnectionLimits.DEFAULT.withMaxQueuedAnswerBytes(cap));
        byte[] first = pattern(4096, 1);
        byte[] last = pattern(4096, 2);
        int reads = 8;
        try (RawReplicaSocket socket = connect()) {
            socket.request(WRITE, 100, 0, first.length, first);
            socket.request(WRITE, 101, MAX_DATA - 4096L, last.length, last);
            assertThat(socket.answer().status()).isZero();
            assertThat(socket.answer().status()).isZero();

            // All eight headers go out in one segment: one socket read on the server holds them all.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int id = 0; id < reads; id++) {
                burst.write(RawReplicaSocket.header(REQUEST_MAGIC, 1, READ, 0, id, 0, MAX_DATA, 0));
            }
            socket.send(burst.toByteArray());
            Await.until(WAIT, "a first answer to be queued", () -> server.peakQueuedAnswerBytes() >= MAX_DATA);

            // Now read them all: every answer arrives whole, and the queue never passed the cap.
            for (int id = 0; id < reads; id++) {
                Answer answer = socket.answer();
                assertThat(answer.id()).isEqualTo(id);
                assertThat(answer.status()).isZero();
                assertThat(answer.payload()).hasSize(MAX_DATA);
                assertThat(Arrays.copyOf(answer.payload(), 4096)).isEqualTo(first);
                assertThat(Arrays.copyOfRange(answer.payload(), MAX_DATA - 4096, MAX_DATA))
                        .isEqualTo(last);
            }
        }
        assertThat(server.peakQueuedAnswerBytes()).isLessThanOrEqualTo(cap);
    }

    @Test
    void aCapBelowTheLargestAnswerIsRefused() {
        ReplicaServerConfig config = ReplicaServerConfig.DEFAULT;
        assertThatThrownBy(() -> config.withLimits(
                        ReplicaConnectionLimits.DEFAULT.withMaxQueuedAnswerBytes(config.largestAnswerBytes() - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("largest answer");
    }

    @Test
    void aHalfSentHeaderIsCutOffAfterTheFrameTimeout() throws IOException {
        start(ReplicaConnectionLimits.DEFAULT.withFrameTimeout(SHORT));
        try (RawReplicaSocket socket = connect()) {
            byte[] header = RawReplicaSocket.header(REQUEST_MAGIC, 1, PING, 0, 1, 0, 0, 0);
            socket.send(Arrays.copyOf(header, 20));
            assertThat(socket.closedByServer()).isTrue();
        }
        assertThat(store.mutations()).isZero();
    }

    @Test
    void aWriteWhosePayloadStopsHalfwayIsCutOffAfterTheFrameTimeout() throws IOException {
        start(ReplicaConnectionLimits.DEFAULT.withFrameTimeout(SHORT));
        try (RawReplicaSocket socket = connect()) {
            socket.send(RawReplicaSocket.header(REQUEST_MAGIC, 1, WRITE, 0, 1, 0, MAX_DATA, MAX_DATA));
            socket.send(new byte[1]);
            assertThat(socket.closedByServer()).isTrue();
        }
        Await.until(WAIT, "the connection to go", () -> server.connectionCount() == 0);
        assertThat(store.mutations()).isZero();
    }

    @Test
    void aTrickledFrameIsCutOffEvenThoughBytesKeepArriving() throws IOException {
        start(ReplicaConnectionLimits.DEFAULT.withFrameTimeout(SHORT));
        try (RawReplicaSocket socket = connect()) {
            byte[] frame = RawReplicaSocket.header(REQUEST_MAGIC, 1, WRITE, 0, 1, 0, 4096, 4096);
            boolean cut = false;
            for (int i = 0; i < frame.length && !cut; i++) {
                try {
                    socket.send(new byte[] {frame[i]});
                    Thread.sleep(SHORT.toMillis() / 3);
                } catch (IOException reset) {
                    cut = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            assertThat(cut || socket.closedByServer()).isTrue();
        }
    }

    @Test
    void completeRequestsWithPausesLongerThanTheFrameTimeoutAreServed() throws IOException, InterruptedException {
        start(ReplicaConnectionLimits.DEFAULT.withFrameTimeout(SHORT));
        try (RawReplicaSocket socket = connect()) {
            for (int id = 0; id < 3; id++) {
                socket.request(PING, id, 0, 0);
                assertThat(socket.answer().id()).isEqualTo(id);
                Thread.sleep(SHORT.toMillis() * 2);
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        start(ReplicaConnectionLimits.DEFAULT.withIdleTimeout(SHORT));
        try (RawReplicaSocket socket = connect()) {
            assertThat(socket.closedByServer()).isTrue();
        }
        Await.until(WAIT, "the connection to go", () -> server.connectionCount() == 0);
    }

    @Test
    void aConnectionThatPingsMoreOftenThanTheIdleTimeoutStaysOpen() throws IOException, InterruptedException {
        start(ReplicaConnectionLimits.DEFAULT.withIdleTimeout(Duration.ofSeconds(1)));
        try (RawReplicaSocket socket = connect()) {
            for (int id = 0; id < 12; id++) {
                socket.request(PING, id, 0, 0);
                assertThat(socket.answer().id()).isEqualTo(id);
                Thread.sleep(250);
            }
        }
    }

    private void start(ReplicaConnectionLimits limits) throws IOException {
        server = ReplicaServer.start(
                store.served(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withIoThreads(1).withLimits(limits));
    }

    private RawReplicaSocket connect() throws IOException {
        return new RawReplicaSocket(server.address());
    }

    private static byte[] pattern(int size, int seed) {
        ByteBuffer bytes = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            bytes.put((byte) (i * 7 + seed));
        }
        return bytes.array();
    }
}
