package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildTest {
    private static final int MIB = 1 << 20;
    private static final int SIZE = 64 * MIB;
    private static final int BLOCK = 4096;

    @TempDir
    Path tmp;

    private static LayeredReplicaStore sourceWithHistory(Path dir) throws Exception {
        LayeredReplicaStore source = LayeredReplicaStore.create(dir, SIZE, false);
        Bytes.write(source, 0, Bytes.pattern(1, 8 * MIB));
        Bytes.write(source, 40 * MIB + 100, Bytes.pattern(2, 3 * MIB));
        source.snapshot("base");
        Bytes.write(source, 4 * MIB, Bytes.pattern(3, 2 * MIB));
        source.unmap(MIB, MIB); // zeros over base data, real data in the second layer
        source.snapshot("daily", true);
        Bytes.write(source, 50 * MIB, Bytes.pattern(4, MIB));
        return source;
    }

    private static void assertSameChain(LayeredReplicaStore source, LayeredReplicaStore target, List<LayerSpec> chain)
            throws Exception {
        for (LayerSpec layer : chain) {
            assertThat(target.layerSummary(layer.name()))
                    .as("summary of %s", layer.name())
                    .isEqualTo(source.layerSummary(layer.name()));
        }
    }

    @Test
    void anEmptyTargetRebuiltFromExtentsAndDigestsReadsLikeTheSource() throws Exception {
        try (LayeredReplicaStore source = sourceWithHistory(tmp.resolve("source"));
                LayeredReplicaStore target = LayeredReplicaStore.create(tmp.resolve("target"), SIZE, false)) {
            source.snapshot("rebuild-1", false);
            List<LayerSpec> chain = LayerSync.snapshotChain(source);
            target.prepareRebuild(chain);
            assertThat(target.info().rebuilding()).isTrue();
            assertThat(target.info().chain()).containsExactly("base", "daily", "rebuild-1", "volume-head");

            // Writes after the rebuild snapshot reach both heads, as the controller would send them.
            byte[] live = Bytes.pattern(9, 2 * BLOCK);
            Bytes.write(source, 20 * MIB, live);
            Bytes.write(target, 20 * MIB, live);

            LayerSync sync = new LayerSync();
            sync.copyByExtents(source, target, "base");
            sync.syncChain(source, target, chain, Long.MAX_VALUE);
            target.finishRebuild();

            assertThat(target.info().rebuilding()).isFalse();
            assertSameChain(source, target, chain);
            assertThat(SnapshotTreeTest.volumeHash(target)).isEqualTo(SnapshotTreeTest.volumeHash(source));
            assertThat(target.layers()).extracting(l -> l.userCreated()).containsExactly(true, true, false, false);
        }
    }

    @Test
    void aStaleTargetReceivesOnlyTheBlocksThatChanged() throws Exception {
        Path sourceDir = tmp.resolve("source");
        Path targetDir = tmp.resolve("target");
        // The same history replayed gives an identical copy (cp --sparse=always would turn the
        // zeros an unmap wrote into holes, which is a different layer).
        sourceWithHistory(sourceDir).close();
        sourceWithHistory(targetDir).close();
        long changedBytes = 0;
        try (LayeredReplicaStore source = LayeredReplicaStore.open(sourceDir);
                LayeredReplicaStore target = LayeredReplicaStore.open(targetDir)) {
            Random random = new Random(7);
            int blocks = SIZE / BLOCK;
            BitSet touched = new BitSet();
            while (touched.cardinality() < blocks / 100) {
                int block = random.nextInt(blocks);
                touched.set(block);
                Bytes.write(source, (long) block * BLOCK, Bytes.pattern(random.nextLong(), BLOCK));
            }
            changedBytes = (long) touched.cardinality() * BLOCK;
            source.snapshot("rebuild-1", false);
            List<LayerSpec> chain = LayerSync.snapshotChain(source);

            target.prepareRebuild(chain);
            LayerSync sync = new LayerSync();
            sync.syncChain(source, target, chain, Long.MAX_VALUE);
            target.finishRebuild();

            assertThat(sync.bytesSent).isPositive().isLessThanOrEqualTo((long) (changedBytes * 1.2));
            assertSameChain(source, target, chain);
            assertThat(SnapshotTreeTest.volumeHash(target)).isEqualTo(SnapshotTreeTest.volumeHash(source));
        }
    }

    @Test
    void anInterruptedRebuildResumesWithANewerChainAfterARestart() throws Exception {
        Path targetDir = tmp.resolve("target");
        try (LayeredReplicaStore source = sourceWithHistory(tmp.resolve("source"))) {
            source.snapshot("rebuild-1", false);
            List<LayerSpec> first = LayerSync.snapshotChain(source);
            LayerSync sync = new LayerSync();
            long totalBlocks = 0;
            for (LayerSpec layer : first) {
                totalBlocks += source.layerSummary(layer.name()).allocatedBlocks();
            }
            try (LayeredReplicaStore target = LayeredReplicaStore.create(targetDir, SIZE, false)) {
                target.prepareRebuild(first);
                sync.syncChain(source, target, first, totalBlocks / 2);
            } // the target restarts mid-rebuild
            long sentBeforeRestart = sync.bytesSent;

            Bytes.write(source, 30 * MIB, Bytes.pattern(11, 4 * BLOCK)); // writes the target missed
            source.snapshot("rebuild-2", false);
            List<LayerSpec> second = LayerSync.snapshotChain(source);
            try (LayeredReplicaStore target = LayeredReplicaStore.open(targetDir)) {
                assertThat(target.info().rebuilding())
                        .as("still rebuilding after a restart")
                        .isTrue();
                target.prepareRebuild(second);
                sync.syncChain(source, target, second, Long.MAX_VALUE);
                target.finishRebuild();
                assertSameChain(source, target, second);
                assertThat(SnapshotTreeTest.volumeHash(target)).isEqualTo(SnapshotTreeTest.volumeHash(source));
            }
            long allBlocks = totalBlocks + source.layerSummary("rebuild-2").allocatedBlocks();
            assertThat(sentBeforeRestart).isPositive();
            assertThat(sync.bytesSent).as("nothing sent twice").isLessThanOrEqualTo(allBlocks * BLOCK);
        }
    }

    @Test
    void duringARebuildTheHeadTakesOnlyWholeBlocksAndUnmapWritesZeros() throws Exception {
        Path dir = tmp.resolve("target");
        try (LayeredReplicaStore target = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(target, 0, Bytes.pattern(1, MIB)); // stale data, becomes layer "s1"
            target.prepareRebuild(List.of(new LayerSpec("s1", "2026-01-01T00:00:00Z", false, false)));

            assertInvalid(() -> target.write(100, ByteBuffer.wrap(new byte[10])));
            assertInvalid(() -> target.write(0, ByteBuffer.wrap(new byte[BLOCK + 1])));
            assertInvalid(() -> target.unmap(0, 100));
            assertInvalid(() -> target.snapshot("no"));
            assertInvalid(() -> target.purge());

            Bytes.write(target, 2 * MIB, Bytes.pattern(2, 2 * BLOCK)); // head-only data
            target.unmap(0, 2 * BLOCK); // over lower data
            target.unmap(2 * MIB, 2 * BLOCK); // over head-only data: still zeros, not a hole
            assertThat(target.layerExtents("volume-head", 0, SIZE))
                    .filteredOn(e -> e.allocated())
                    .extracting(e -> e.offset())
                    .containsExactly(0L, 2L * MIB);
            target.finishRebuild();
            assertThat(Bytes.read(target, 0, 2 * BLOCK)).isEqualTo(new byte[2 * BLOCK]);
            assertThat(Bytes.read(target, 2 * BLOCK, BLOCK))
                    .isEqualTo(Arrays.copyOfRange(Bytes.pattern(1, MIB), 2 * BLOCK, 3 * BLOCK));
            assertThat(Bytes.read(target, 2 * MIB, 2 * BLOCK)).isEqualTo(new byte[2 * BLOCK]);
        }
    }

    @Test
    void layerWritesAreRefusedOutsideARebuild() throws Exception {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("r"), SIZE, false)) {
            store.snapshot("s");
            assertInvalid(() -> store.writeLayer("s", 0, ByteBuffer.allocate(BLOCK)));
            assertInvalid(() -> store.punchLayer("s", 0, BLOCK));
            assertInvalid(() -> store.finishRebuild());
            assertInvalid(() -> store.layerDigests("missing", 0, BLOCK));
        }
    }

    private static void assertInvalid(SnapshotTreeTest.ThrowingAction action) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        BlockIoException.class, e -> assertThat(e.error()).isEqualTo(IoError.INVALID));
    }
}
