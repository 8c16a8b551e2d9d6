package dev.corral.engine.replica.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.testsupport.InMemoryReplicaStore;
import dev.corral.engine.util.NettyTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Pipelined 4 KiB writes over loopback, client and server in this JVM (so they share the cores).
 * The floor is far below the target (50k/s) so a busy CI machine does not fail it; the measured
 * rate is printed for the record.
 */
class ReplicaThroughputTest {
    private static final int BLOCK = 4096;
    private static final int WINDOW = 256;
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 200_000;
    private static final long VOLUME = 64L << 20;

    @Test
    void pipelinedFourKibWritesKeepUp() throws Exception {
        InMemoryReplicaStore store = new InMemoryReplicaStore(VOLUME);
        EventLoopGroup group = NettyTransport.newEventLoopGroup(2, "bench-client");
        ReplicaServer server = ReplicaServer.start(
                store.served(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ReplicaServerConfig.DEFAULT);
        ByteBuf block = PooledByteBufAllocator.DEFAULT.directBuffer(BLOCK).writeZero(BLOCK);
        try (ReplicaClient client = ReplicaClient.connect(server.hostPort(), ReplicaClientConfig.DEFAULT, group)
                .get(10, TimeUnit.SECONDS)) {
            writes(client, block, WARMUP);
            long start = System.nanoTime();
            writes(client, block, MEASURED);
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = MEASURED / seconds;
            System.out.printf(
                    "replica throughput: %d pipelined 4 KiB writes in %.2f s = %.0f writes/s (%.0f MiB/s), epoll=%s%n",
                    MEASURED, seconds, perSecond, perSecond * BLOCK / (1 << 20), NettyTransport.epollAvailable());
            assertThat(perSecond).isGreaterThan(10_000);
        } finally {
            block.release();
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void writes(ReplicaClient client, ByteBuf block, int count) throws InterruptedException {
        Semaphore window = new Semaphore(WINDOW);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long blocks = VOLUME / BLOCK;
        for (int i = 0; i < count; i++) {
            assertThat(window.tryAcquire(10, TimeUnit.SECONDS))
                    .as("a write completes")
                    .isTrue();
            client.write((i % blocks) * BLOCK, block.retainedDuplicate()).whenComplete((ok, error) -> {
                if (error != null && failed.getAndIncrement() == 0) {
                    firstFailure.set(error);
                }
                window.release();
            });
        }
        assertThat(window.tryAcquire(WINDOW, 10, TimeUnit.SECONDS))
                .as("all writes complete")
                .isTrue();
        assertThat(firstFailure.get()).isNull();
    }
}
