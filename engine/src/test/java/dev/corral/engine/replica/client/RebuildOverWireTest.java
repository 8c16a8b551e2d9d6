package dev.corral.engine.replica.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import dev.corral.engine.util.NettyTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rebuild flow the controller will run, over loopback against two real replica stores. */
class RebuildOverWireTest {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 16L * MIB;
    private static final int BLOCK = 4096;

    @TempDir
    Path tmp;

    private EventLoopGroup group;
    private LayeredReplicaStore sourceStore;
    private LayeredReplicaStore targetStore;
    private ReplicaServer sourceServer;
    private ReplicaServer targetServer;
    private ReplicaClient source;
    private ReplicaClient target;

    @BeforeEach
    void start() throws Exception {
        group = NettyTransport.newEventLoopGroup(2, "rebuild-test");
        sourceStore = LayeredReplicaStore.create(tmp.resolve("source"), SIZE, true);
        targetStore = LayeredReplicaStore.create(tmp.resolve("target"), SIZE, true);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        sourceServer = ReplicaServer.start(sourceStore, any, ReplicaServerConfig.DEFAULT.withIoThreads(1));
        targetServer = ReplicaServer.start(targetStore, any, ReplicaServerConfig.DEFAULT.withIoThreads(1));
        source = ReplicaClient.connect(sourceServer.hostPort(), ReplicaClientConfig.DEFAULT, group)
                .get(10, TimeUnit.SECONDS);
        target = ReplicaClient.connect(targetServer.hostPort(), ReplicaClientConfig.DEFAULT, group)
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        target.close();
        sourceServer.close();
        targetServer.close();
        sourceStore.close();
        targetStore.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static ByteBuf pattern(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return Unpooled.wrappedBuffer(bytes);
    }

    private static String volume(ReplicaClient client) throws Exception {
        ByteBuf data = await(client.read(0, (int) SIZE));
        try {
            return Integer.toHexString(Arrays.hashCode(ByteBufUtil.getBytes(data)));
        } finally {
            data.release();
        }
    }

    @Test
    void aTargetRebuiltOverTheWireMatchesTheSourceAndTheTreeOpsWork() throws Exception {
        await(source.write(0, pattern(1, 2 * MIB)));
        await(source.snapshot("base", true));
        await(source.write(MIB, pattern(2, MIB)));
        await(source.unmap(5 * MIB, BLOCK)); // a hole already: nothing to send
        await(source.snapshot("rebuild-1", true));

        List<LayerSpec> chain = await(source.layers()).stream()
                .filter(l -> l.active() && !l.name().equals("volume-head"))
                .map(l -> new LayerSpec(l.name(), l.created().toString(), l.userCreated(), l.removed()))
                .toList();
        assertThat(chain).extracting(LayerSpec::name).containsExactly("base", "rebuild-1");
        await(target.prepareRebuild(chain));
        assertThat(await(target.info()).rebuilding()).isTrue();

        ByteBuf live = pattern(3, 2 * BLOCK);
        await(source.write(8 * MIB, live.retainedDuplicate()));
        await(target.write(8 * MIB, live));
        assertThatThrownBy(() -> await(target.write(8 * MIB + 1, pattern(4, 10))))
                .hasCauseInstanceOf(BlockIoException.class)
                .hasMessageContaining("whole");

        long sent = 0;
        for (LayerSpec layer : chain) {
            LayerDigests wanted = await(source.layerDigests(layer.name(), 0, SIZE));
            LayerDigests have = await(target.layerDigests(layer.name(), 0, SIZE));
            for (int i = 0; i < wanted.count(); i++) {
                int at = Arrays.binarySearch(have.blocks(), wanted.blocks()[i]);
                if (at < 0 || have.hashes()[at] != wanted.hashes()[i]) {
                    ByteBuf block = await(source.readLayer(layer.name(), wanted.blocks()[i] * BLOCK, BLOCK));
                    await(target.writeLayer(layer.name(), wanted.blocks()[i] * BLOCK, block));
                    sent += BLOCK;
                }
            }
            for (long block : have.blocks()) {
                if (Arrays.binarySearch(wanted.blocks(), block) < 0) {
                    await(target.punchLayer(layer.name(), block * BLOCK, BLOCK));
                }
            }
        }
        await(target.finishRebuild());

        assertThat(sent).isEqualTo(3L * MIB);
        for (LayerSpec layer : chain) {
            assertThat(await(target.layerSummary(layer.name()))).isEqualTo(await(source.layerSummary(layer.name())));
        }
        List<Extent> extents = await(target.layerExtents("rebuild-1", 0, SIZE));
        assertThat(extents).isEqualTo(await(source.layerExtents("rebuild-1", 0, SIZE)));
        assertThat(await(target.info()).rebuilding()).isFalse();
        assertThat(volume(target)).isEqualTo(volume(source));

        // Tree ops over the wire: remove and purge keep the volume; revert goes back.
        String before = volume(target);
        await(target.removeSnapshot("base"));
        await(target.purge());
        assertThat(volume(target)).isEqualTo(before);
        assertThat(await(target.layers())).extracting(LayerInfo::name).containsExactly("rebuild-1", "volume-head");
        await(target.revert("rebuild-1"));
        await(target.grow(2 * SIZE));
        assertThat(await(target.info()).size()).isEqualTo(2 * SIZE);
        ExecutionException unknown =
                Assertions.assertThrows(ExecutionException.class, () -> await(target.revert("nope")));
        assertThat(((BlockIoException) unknown.getCause()).error()).isEqualTo(IoError.INVALID);
    }
}
