package dev.corral.engine.replica.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.InMemoryReplicaStore;
import dev.corral.engine.testsupport.InMemoryReplicaStore.Call;
import dev.corral.engine.testsupport.LeakWatch;
import dev.corral.engine.util.NettyTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class ReplicaClientTest {
    private static final long SIZE = 64L << 20;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private InMemoryReplicaStore store;
    private ReplicaServer server;
    private EventLoopGroup group;
    private ReplicaClient client;
    private final AtomicInteger failures = new AtomicInteger();

    @BeforeEach
    void connect() throws Exception {
        store = new InMemoryReplicaStore(SIZE);
        server = ReplicaServer.start(
                store.served(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT.withIoThreads(2));
        group = NettyTransport.newEventLoopGroup(2, "test-client");
        client = ReplicaClient.connect(server.hostPort(), ReplicaClientConfig.DEFAULT, group)
                .get(10, TimeUnit.SECONDS);
        client.onFailure(failure -> failures.incrementAndGet());
    }

    @AfterEach
    void disconnect() {
        store.releaseFlushes();
        client.close();
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        assertThat(failures).as("onFailure after a clean run").hasValue(0);
    }

    @Test
    void writesAndReadsBack() throws Exception {
        ByteBuf data = buffer(10_000, 1);
        String expected = ByteBufUtil.hexDump(data);

        await(client.write(5000, data));
        assertThat(data.refCnt()).as("the client releases write data").isZero();

        ByteBuf read = await(client.read(5000, 10_000));
        assertThat(ByteBufUtil.hexDump(read)).isEqualTo(expected);
        read.release();
    }

    @Test
    void unmapMakesARangeReadAsZeros() throws Exception {
        await(client.write(0, buffer(8192, 2)));
        await(client.unmap(0, 4096));

        ByteBuf read = await(client.read(0, 8192));
        assertThat(read.slice(0, 4096).forEachByte(b -> b == 0)).isEqualTo(-1);
        assertThat(read.slice(4096, 4096).forEachByte(b -> b == 0)).isNotEqualTo(-1);
        read.release();
    }

    @Test
    void extentsShowWhatIsAllocated() throws Exception {
        await(client.write(8192, buffer(4096, 3)));

        assertThat(await(client.extents(0, 16384)))
                .containsExactly(
                        new Extent(0, 8192, false), new Extent(8192, 4096, true), new Extent(12288, 4096, false));
    }

    @Test
    void flushReachesTheStore() throws Exception {
        await(client.flush());
        assertThat(store.flushes()).isEqualTo(1);
    }

    @Test
    void pingIsAnswered() throws Exception {
        await(client.ping());
    }

    @Test
    void snapshotGrowAndInfoRoundTrip() throws Exception {
        await(client.snapshot("snap-1", true));
        await(client.snapshot("snäp-2", true));
        await(client.grow(SIZE * 2));

        assertThat(await(client.info()))
                .isEqualTo(new ReplicaInfo(SIZE * 2, "head-2", List.of("snap-1", "snäp-2"), false, 0));
        assertThat(client.address()).isEqualTo(server.hostPort());
    }

    @Test
    void storeErrorsArriveAsTheirIoError() {
        store.failNext(Call.WRITE, new BlockIoException(IoError.NO_SPACE, "disk full"));
        store.failNext(Call.FLUSH, new IOException("fsync failed"));

        assertIoError(client.write(0, buffer(4096, 4)), IoError.NO_SPACE);
        assertIoError(client.flush(), IoError.IO);
        assertIoError(client.read(SIZE - 10, 20), IoError.INVALID);
        assertIoError(client.snapshot("x", true), null);
        assertIoError(client.snapshot("x", true), IoError.INVALID);
        assertIoError(client.grow(1), IoError.INVALID);
        assertThat(failures).as("replica errors do not kill the connection").hasValue(0);
    }

    @Test
    void aStoreWithoutLayerFilesAnswersTreeAndRebuildRequestsNotSupported() throws Exception {
        assertIoError(client.layers(), IoError.NOT_SUPPORTED);
        assertIoError(client.removeSnapshot("s"), IoError.NOT_SUPPORTED);
        assertIoError(client.purge(), IoError.NOT_SUPPORTED);
        assertIoError(client.revert("s"), IoError.NOT_SUPPORTED);
        assertIoError(client.layerExtents("s", 0, 4096), IoError.NOT_SUPPORTED);
        assertIoError(client.readLayer("s", 0, 4096), IoError.NOT_SUPPORTED);
        assertIoError(client.layerDigests("s", 0, 4096), IoError.NOT_SUPPORTED);
        assertIoError(client.layerSummary("s"), IoError.NOT_SUPPORTED);
        assertIoError(
                client.prepareRebuild(List.of(new LayerSpec("s", "2025-01-01T00:00:00Z", true, false))),
                IoError.NOT_SUPPORTED);
        assertIoError(client.writeLayer("s", 0, buffer(4096, 5)), IoError.NOT_SUPPORTED);
        assertIoError(client.punchLayer("s", 0, 4096), IoError.NOT_SUPPORTED);
        assertIoError(client.finishRebuild(), IoError.NOT_SUPPORTED);

        await(client.write(0, buffer(4096, 6)));
        assertThat(store.mutations())
                .as("only the block write reached the store")
                .isEqualTo(1);
    }

    @Test
    void argumentsTheProtocolCannotCarryFailInvalidWithoutASend() {
        ByteBuf negative = buffer(4, 5);
        ByteBuf tooBig = Unpooled.wrappedBuffer(new byte[33 << 20]);

        assertIoError(client.write(-1, negative), IoError.INVALID);
        assertIoError(client.write(0, tooBig), IoError.INVALID);
        assertIoError(client.read(0, 33 << 20), IoError.INVALID);
        assertIoError(client.unmap(0, -1), IoError.INVALID);
        assertIoError(client.snapshot("", true), IoError.INVALID);
        assertIoError(client.snapshot("x".repeat(256), true), IoError.INVALID);
        assertIoError(client.snapshot(null, true), IoError.INVALID);
        assertThat(negative.refCnt()).isZero();
        assertThat(tooBig.refCnt()).isZero();
        assertThat(store.mutations()).isZero();
    }

    @Test
    void thousandsOfPipelinedWritesAndReadsAllComplete() throws Exception {
        int count = 4000;
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(client.write(i * 4096L, buffer(4096, i)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<CompletableFuture<ByteBuf>> reads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            reads.add(client.read(i * 4096L, 4096));
        }
        for (int i = 0; i < count; i++) {
            ByteBuf read = reads.get(i).get(30, TimeUnit.SECONDS);
            assertThat(ByteBufUtil.getBytes(read)).as("block %d", i).isEqualTo(content(4096, i));
            read.release();
        }
    }

    @Test
    void requestsCompleteOutOfOrderWhenTheStoreIsSlowForOne() throws Exception {
        ConcurrentLinkedQueue<String> completions = new ConcurrentLinkedQueue<>();
        store.holdFlushes();
        CompletableFuture<Void> flush = client.flush().whenComplete((ok, error) -> completions.add("flush"));
        Await.until(WAIT, "the flush to reach the store", () -> store.flushesWaiting() == 1);

        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            writes.add(client.write(i * 512L, buffer(512, i)).whenComplete((ok, error) -> completions.add("write")));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(flush).isNotDone();

        store.releaseFlushes();
        await(flush);
        assertThat(completions).hasSize(2001).last().isEqualTo("flush");
    }

    @Test
    void requestsFromManyThreadsAreSpreadOverTheConnections() throws Exception {
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<CompletableFuture<Void>> writes = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    writes.add(client.write((thread * 500L + i) * 4096, buffer(4096, i)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(server.connectionCount()).isEqualTo(ReplicaClientConfig.DEFAULT.connections());
        assertThat(store.mutations()).isEqualTo(4000);
    }

    @Test
    void worksOverNioToo() throws Exception {
        EventLoopGroup nio = NettyTransport.newNioEventLoopGroup(1, "test-nio");
        try (ReplicaClient overNio = ReplicaClient.connect(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(),
                                server.address().getPort()),
                        ReplicaClientConfig.DEFAULT.withConnections(3),
                        nio)
                .get(10, TimeUnit.SECONDS)) {
            await(overNio.write(0, buffer(4096, 9)));
            ByteBuf read = await(overNio.read(0, 4096));
            assertThat(ByteBufUtil.getBytes(read)).isEqualTo(content(4096, 9));
            read.release();
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void sameBufferToSeveralReplicasAsRetainedDuplicates() throws Exception {
        ByteBuf shared = buffer(4096, 10);
        CompletableFuture<Void> first = client.write(0, shared.retainedDuplicate());
        CompletableFuture<Void> second = client.write(4096, shared.retainedDuplicate());
        shared.release();

        await(first);
        await(second);
        assertThat(shared.refCnt()).isZero();
    }

    /** Filled through one array: leak tracking records every buffer call, so byte-wise filling is slow. */
    private static ByteBuf buffer(int size, int seed) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(content(size, seed));
    }

    private static byte[] content(int size, int seed) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 7 + seed * 13 + (i >> 8));
        }
        return content;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** A null error expects success. */
    private static void assertIoError(CompletableFuture<?> future, IoError error) {
        if (error == null) {
            future.orTimeout(20, TimeUnit.SECONDS).join();
            return;
        }
        assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .extracting(Throwable::getCause)
                .isInstanceOfSatisfying(
                        BlockIoException.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
