package dev.corral.engine.replica.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.InMemoryReplicaStore;
import dev.corral.engine.testsupport.LeakWatch;
import dev.corral.engine.util.NettyTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class ReplicaClientFailureTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ReplicaClientConfig QUICK = ReplicaClientConfig.DEFAULT
            .withRequestTimeout(TIMEOUT)
            .withPingInterval(Duration.ofMinutes(1))
            .withConnectTimeout(Duration.ofSeconds(5));

    private EventLoopGroup group;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @BeforeEach
    void createGroup() {
        group = NettyTransport.newEventLoopGroup(2, "test-client");
    }

    @AfterEach
    void shutdownGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void unansweredRequestsFailTimedOutAndTheClientDiesOnce() throws Exception {
        try (ScriptedReplica silent = ScriptedReplica.start(ScriptedReplica.SILENT);
                ReplicaClient client = connect(silent.hostPort(), QUICK)) {
            long start = System.nanoTime();
            ByteBuf data = buffer(4096);
            CompletableFuture<ByteBuf> read = client.read(0, 4096);
            CompletableFuture<Void> write = client.write(0, data);
            CompletableFuture<Void> flush = client.flush();
            AtomicBoolean allFailedBeforeListener = new AtomicBoolean();
            client.onFailure(cause -> allFailedBeforeListener.set(read.isDone() && write.isDone() && flush.isDone()));

            assertFailsWith(read, IoError.TIMED_OUT);
            assertFailsWith(write, IoError.TIMED_OUT);
            assertFailsWith(flush, IoError.TIMED_OUT);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMillis).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + 2000);
            assertThat(data.refCnt()).isZero();

            Await.until(WAIT, "onFailure", () -> failures.get() == 1);
            assertThat(BlockIoException.classify(failure.get())).isEqualTo(IoError.TIMED_OUT);
            assertThat(failure.get()).hasMessageContaining("did not answer");
            assertThat(allFailedBeforeListener).isTrue();

            ByteBuf late = buffer(4096);
            CompletableFuture<Void> lateWrite = client.write(0, late);
            assertThat(lateWrite).isCompletedExceptionally();
            assertFailsWith(lateWrite, IoError.DISCONNECTED);
            assertFailsWith(client.ping(), IoError.DISCONNECTED);
            assertThat(late.refCnt()).isZero();
        }
        assertThat(failures).hasValue(1);
    }

    @Test
    void anUnansweredPingKillsAQuietClient() throws Exception {
        try (ScriptedReplica silent = ScriptedReplica.start(ScriptedReplica.SILENT);
                ReplicaClient client = connect(silent.hostPort(), QUICK.withPingInterval(Duration.ofMillis(100)))) {
            Await.until(WAIT, "onFailure", () -> failures.get() == 1);

            assertThat(BlockIoException.classify(failure.get())).isEqualTo(IoError.TIMED_OUT);
            assertThat(failure.get()).hasMessageContaining("PING");
            assertFailsWith(client.read(0, 1), IoError.DISCONNECTED);
        }
        assertThat(failures).hasValue(1);
    }

    @Test
    void closingTheServerMidFlightFailsRequestsDisconnected() throws Exception {
        InMemoryReplicaStore store = new InMemoryReplicaStore(1 << 20);
        ReplicaServer server = ReplicaServer.start(
                store.served(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withShutdownGrace(Duration.ofMillis(100)));
        try (ReplicaClient client = connect(server.hostPort(), ReplicaClientConfig.DEFAULT)) {
            store.holdFlushes();
            CompletableFuture<Void> flush = client.flush();
            Await.until(WAIT, "the flush to reach the store", () -> store.flushesWaiting() == 1);

            server.close();

            assertFailsWith(flush, IoError.DISCONNECTED);
            Await.until(WAIT, "onFailure", () -> failures.get() == 1);
            assertThat(BlockIoException.classify(failure.get())).isEqualTo(IoError.DISCONNECTED);
            assertFailsWith(client.write(0, buffer(10)), IoError.DISCONNECTED);
        } finally {
            store.releaseFlushes();
            server.close();
        }
        assertThat(failures).hasValue(1);
    }

    @Test
    void aReplicaSendingGarbageIsDroppedAsDisconnected() throws Exception {
        byte[] garbage = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ScriptedReplica.Script http = (in, out) -> {
            in.readFully(new byte[36]);
            out.write(garbage);
            out.flush();
            in.transferTo(OutputStream.nullOutputStream());
        };
        try (ScriptedReplica replica = ScriptedReplica.start(http);
                ReplicaClient client = connect(replica.hostPort(), ReplicaClientConfig.DEFAULT)) {
            assertFailsWith(client.ping(), IoError.DISCONNECTED);
            Await.until(WAIT, "onFailure", () -> failures.get() == 1);
            assertThat(failure.get()).hasMessageContaining("bad magic");
        }
        assertThat(failures).hasValue(1);
    }

    @Test
    void anAnswerToARequestNotInFlightIsDroppedAsDisconnected() throws Exception {
        ScriptedReplica.Script wrongId = (in, out) -> {
            byte[] header = new byte[36];
            in.readFully(header);
            long id = ByteBuffer.wrap(header).getLong(8);
            out.write(ByteBuffer.allocate(20)
                    .putInt(0x43524C53)
                    .put((byte) 1)
                    .put((byte) 5)
                    .put((byte) 0)
                    .put((byte) 0)
                    .putLong(id + 1000)
                    .putInt(0)
                    .array());
            out.flush();
            in.transferTo(OutputStream.nullOutputStream());
        };
        try (ScriptedReplica replica = ScriptedReplica.start(wrongId);
                ReplicaClient client = connect(replica.hostPort(), ReplicaClientConfig.DEFAULT)) {
            assertFailsWith(client.ping(), IoError.DISCONNECTED);
            Await.until(WAIT, "onFailure", () -> failures.get() == 1);
            assertThat(failure.get()).hasMessageContaining("not in flight");
        }
    }

    @Test
    void closeFailsWhatIsInFlightWithoutCallingListeners() throws Exception {
        try (ScriptedReplica silent = ScriptedReplica.start(ScriptedReplica.SILENT)) {
            ReplicaClient client = connect(silent.hostPort(), ReplicaClientConfig.DEFAULT);
            CompletableFuture<ByteBuf> read = client.read(0, 4096);

            client.close();

            assertFailsWith(read, IoError.DISCONNECTED);
            assertFailsWith(client.flush(), IoError.DISCONNECTED);
            assertThat(failures).hasValue(0);
        }
    }

    @Test
    void aListenerAddedAfterTheFailureIsCalledAtOnce() throws Exception {
        try (ScriptedReplica silent = ScriptedReplica.start(ScriptedReplica.SILENT);
                ReplicaClient client = connect(silent.hostPort(), QUICK)) {
            assertFailsWith(client.ping(), IoError.TIMED_OUT);
            Await.until(WAIT, "onFailure", () -> failures.get() == 1);

            AtomicInteger late = new AtomicInteger();
            client.onFailure(cause -> late.incrementAndGet());

            assertThat(late).hasValue(1);
        }
    }

    @Test
    void connectingToNothingFailsDisconnected() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }

        CompletableFuture<ReplicaClient> connecting =
                ReplicaClient.connect("127.0.0.1:" + freePort, ReplicaClientConfig.DEFAULT, group);

        assertFailsWith(connecting, IoError.DISCONNECTED);
    }

    @Test
    void malformedAddressesAreRefused() {
        for (String address : List.of("no-port", "host:", "host:99999", "::1:80", "host:http")) {
            assertThatThrownBy(() -> ReplicaClient.connect(address, ReplicaClientConfig.DEFAULT, group))
                    .as(address)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private ReplicaClient connect(String hostPort, ReplicaClientConfig config) throws Exception {
        ReplicaClient client = ReplicaClient.connect(hostPort, config, group).get(10, TimeUnit.SECONDS);
        client.onFailure(cause -> {
            failure.set(cause);
            failures.incrementAndGet();
        });
        return client;
    }

    private static ByteBuf buffer(int size) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(size).writeZero(size);
    }

    private static void assertFailsWith(CompletableFuture<?> future, IoError error) {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .extracting(Throwable::getCause)
                .isInstanceOfSatisfying(
                        BlockIoException.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
