package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTreeTest {
    private static final int SIZE = 8 << 20;
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    static String volumeHash(LayeredReplicaStore store) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Bytes.read(store, 0, (int) store.size())));
    }

    @Test
    void coalescingARemovedSnapshotKeepsTheVolumeAndFreesTheShadowedBlocks() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, 4 * MIB)); // layer 1: "base"
            store.snapshot("base");
            Bytes.write(store, 0, Bytes.pattern(2, 2 * MIB)); // layer 2 shadows half of base
            store.unmap(3 * MIB, 4096); // zeros over base data
            store.snapshot("middle");
            Bytes.write(store, 6 * MIB, Bytes.pattern(3, MIB)); // head
            String before = volumeHash(store);
            long baseAllocated = DiskUsage.allocatedBytes(dir.resolve("layer-000001.img"));

            store.removeSnapshot("base");
            assertThat(volumeHash(store)).isEqualTo(before);
            store.purge();

            assertThat(volumeHash(store)).isEqualTo(before);
            assertThat(store.info().chain()).containsExactly("middle", "volume-head");
            assertThat(dir.resolve("layer-000002.img"))
                    .as("the child's file is gone")
                    .doesNotExist();
            assertThat(DiskUsage.allocatedBytes(dir.resolve("layer-000001.img")))
                    .as("one file now holds base and middle: 4 MiB plus the unmapped block, not 6 MiB")
                    .isLessThanOrEqualTo(baseAllocated + 4096);
            LayerInfo middle = store.layers().getFirst();
            assertThat(middle.name()).isEqualTo("middle");
            assertThat(middle.removed()).isFalse();
            assertThat(middle.active()).isTrue();
        }
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().chain()).containsExactly("middle", "volume-head");
            byte[] expected = Bytes.pattern(1, 4 * MIB);
            System.arraycopy(Bytes.pattern(2, 2 * MIB), 0, expected, 0, 2 * MIB);
            Arrays.fill(expected, 3 * MIB, 3 * MIB + 4096, (byte) 0);
            Bytes.assertSameBytes(Bytes.read(store, 0, 4 * MIB), expected, "after reopen");
        }
    }

    @Test
    void pruningARemovedParentOfTheHeadPunchesWhatTheHeadShadows() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, 4 * MIB));
            store.snapshot("old");
            Bytes.write(store, 0, Bytes.pattern(2, 3 * MIB));
            String before = volumeHash(store);
            Path oldFile = dir.resolve("layer-000001.img");
            long allocatedBefore = DiskUsage.allocatedBytes(oldFile);

            store.removeSnapshot("old");
            store.purge();

            assertThat(volumeHash(store)).isEqualTo(before);
            assertThat(DiskUsage.allocatedBytes(oldFile)).isLessThanOrEqualTo(allocatedBefore - 3 * MIB);
            assertThat(store.layers()).extracting(LayerInfo::name).containsExactly("old", "volume-head");
            // The pruned layer stays correct under later I/O: unmap where only it still holds data.
            store.unmap(3 * MIB, MIB);
            store.unmap(0, MIB);
            assertThat(Bytes.read(store, 3 * MIB, MIB)).isEqualTo(new byte[MIB]);
            assertThat(Bytes.read(store, 0, MIB)).isEqualTo(new byte[MIB]);
        }
    }

    @Test
    void revertReadsTheSnapshotAndKeepsTheOtherBranchListed() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, 2 * MIB));
            store.snapshot("a");
            String atA = volumeHash(store);
            Bytes.write(store, MIB, Bytes.pattern(2, 2 * MIB));
            store.snapshot("b");
            Bytes.write(store, 5 * MIB, Bytes.pattern(3, MIB));

            store.revert("a");
            assertThat(volumeHash(store)).isEqualTo(atA);
            assertThat(store.info().chain()).containsExactly("a", "volume-head");
            List<LayerInfo> tree = store.layers();
            assertThat(tree).extracting(LayerInfo::name).containsExactly("a", "b", "volume-head");
            assertThat(tree).extracting(LayerInfo::parent).containsExactly(null, "a", "a");
            assertThat(tree).extracting(LayerInfo::active).containsExactly(true, false, true);

            Bytes.write(store, 0, Bytes.pattern(4, 4096));
            String afterWrite = volumeHash(store);
            store.close();
            try (LayeredReplicaStore reopened = LayeredReplicaStore.open(dir)) {
                assertThat(volumeHash(reopened)).isEqualTo(afterWrite);
                assertThat(reopened.layers()).extracting(LayerInfo::name).containsExactly("a", "b", "volume-head");
                // The off-branch snapshot is removed and purged as a leaf: its file goes.
                reopened.removeSnapshot("b");
                reopened.purge();
                assertThat(reopened.layers()).extracting(LayerInfo::name).containsExactly("a", "volume-head");
                assertThat(dir.resolve("layer-000002.img")).doesNotExist();
                assertThat(volumeHash(reopened)).isEqualTo(afterWrite);
            }
        }
    }

    @Test
    void aRemovedLayerWithTwoChildrenStays() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, MIB));
            store.snapshot("root");
            Bytes.write(store, 0, Bytes.pattern(2, 4096));
            store.snapshot("left");
            store.revert("root");
            store.removeSnapshot("root");
            String before = volumeHash(store);
            store.purge();
            assertThat(store.layers()).extracting(LayerInfo::name).containsExactly("root", "left", "volume-head");
            assertThat(volumeHash(store)).isEqualTo(before);
        }
    }

    @Test
    void theHeadAndUnknownNamesCannotBeRemovedAndRemovedSnapshotsCannotBeRevertedTo() throws Exception {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("replica"), SIZE, false)) {
            store.snapshot("s");
            store.removeSnapshot("s");
            for (ThrowingAction action : List.<ThrowingAction>of(
                    () -> store.removeSnapshot("volume-head"),
                    () -> store.removeSnapshot("nope"),
                    () -> store.revert("nope"),
                    () -> store.revert("s"))) {
                assertThatThrownBy(action::run)
                        .isInstanceOfSatisfying(
                                BlockIoException.class,
                                e -> assertThat(e.error()).isEqualTo(IoError.INVALID));
            }
        }
    }

    @Test
    void theLayerLimitCountsTheWholeTreeAndPurgingMakesRoom() throws Exception {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("replica"), 1 << 16, false)) {
            for (int i = 1; i < LayeredReplicaStore.MAX_LAYERS; i++) {
                store.snapshot("s" + i);
            }
            assertThatThrownBy(() -> store.snapshot("over"))
                    .isInstanceOfSatisfying(
                            BlockIoException.class, e -> assertThat(e.error()).isEqualTo(IoError.INVALID))
                    .hasMessageContaining("250 layers")
                    .hasMessageContaining("remove and purge snapshots");
            store.removeSnapshot("s1");
            store.purge();
            store.snapshot("fits-now");
            assertThat(store.info().chain()).hasSize(LayeredReplicaStore.MAX_LAYERS);
        }
    }

    interface ThrowingAction {
        void run() throws Exception;
    }

    static long filesIn(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("layer-"))
                    .count();
        }
    }
}
