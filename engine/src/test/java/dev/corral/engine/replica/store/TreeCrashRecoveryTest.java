package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes in purge, revert and prepareRebuild, simulated like {@link CrashRecoveryTest}: by leaving
 * on disk exactly what the interrupted step leaves. Each operation's only switch point is the
 * metadata rename, so a crash leaves either data the old metadata still reads correctly, or files
 * the new metadata does not list.
 */
class TreeCrashRecoveryTest {
    private static final int SIZE = 4 << 20;

    @TempDir
    Path tmp;

    private Path replicaWithThreeLayers() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, 2 << 20)); // layer-000001 "a"
            store.snapshot("a");
            Bytes.write(store, 4096, Bytes.pattern(2, 64 << 10)); // layer-000002 "b"
            store.unmap(1 << 20, 8192);
            store.snapshot("b");
            Bytes.write(store, 3 << 20, Bytes.pattern(3, 4096)); // layer-000003, the head
        }
        return dir;
    }

    private static void leaveFile(Path file, int seed) throws Exception {
        try (RandomAccessFile orphan = new RandomAccessFile(file.toFile(), "rw")) {
            orphan.setLength(SIZE);
            orphan.write(Bytes.pattern(seed, 4096));
        }
    }

    @Test
    void crashInACoalesceAfterTheCopyBeforeTheSwitchReadsTheSameAndPurgesAgain() throws Exception {
        Path dir = replicaWithThreeLayers();
        String before;
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            before = SnapshotTreeTest.volumeHash(store);
            store.removeSnapshot("a");
        }
        // The copy of b's data into a's file finished; the metadata still lists a (removed) and b.
        try (NativeFile into = NativeFile.openReadWrite(dir.resolve("layer-000001.img"));
                NativeFile from = NativeFile.openReadOnly(dir.resolve("layer-000002.img"))) {
            Purger.copyData(from, into, from.size());
        }
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(SnapshotTreeTest.volumeHash(store)).isEqualTo(before);
            store.purge();
            assertThat(SnapshotTreeTest.volumeHash(store)).isEqualTo(before);
            assertThat(store.info().chain()).containsExactly("b", "volume-head");
        }
    }

    @Test
    void crashInACoalesceAfterTheSwitchLeavesOnlyAnUnlistedFile() throws Exception {
        Path dir = replicaWithThreeLayers();
        String before;
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            before = SnapshotTreeTest.volumeHash(store);
            store.removeSnapshot("a");
            store.purge();
        }
        leaveFile(dir.resolve("layer-000002.img"), 9); // the child's file, not yet deleted
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(dir.resolve("layer-000002.img")).doesNotExist();
            assertThat(SnapshotTreeTest.volumeHash(store)).isEqualTo(before);
        }
    }

    @Test
    void crashInARevertBeforeOrAfterTheSwitchLeavesOneConsistentChain() throws Exception {
        Path dir = replicaWithThreeLayers();
        String head;
        String atA;
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            head = SnapshotTreeTest.volumeHash(store);
        }
        leaveFile(dir.resolve("layer-000004.img"), 7); // new head created, metadata not switched
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(dir.resolve("layer-000004.img")).doesNotExist();
            assertThat(SnapshotTreeTest.volumeHash(store)).isEqualTo(head);
            store.revert("a");
            atA = SnapshotTreeTest.volumeHash(store);
        }
        leaveFile(dir.resolve("layer-000003.img"), 8); // switched, old head not yet deleted
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(dir.resolve("layer-000003.img")).doesNotExist();
            assertThat(SnapshotTreeTest.volumeHash(store)).isEqualTo(atA);
            assertThat(store.layers()).extracting(LayerInfo::name).containsExactly("a", "b", "volume-head");
        }
    }

    @Test
    void crashInPrepareRebuildBeforeTheSwitchKeepsTheOldChain() throws Exception {
        Path dir = replicaWithThreeLayers();
        String before;
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            before = SnapshotTreeTest.volumeHash(store);
        }
        leaveFile(dir.resolve("layer-000004.img"), 5); // new empty layers were being created
        leaveFile(dir.resolve("layer-000005.img"), 6);
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().rebuilding()).isFalse();
            assertThat(dir.resolve("layer-000004.img")).doesNotExist();
            assertThat(dir.resolve("layer-000005.img")).doesNotExist();
            assertThat(SnapshotTreeTest.volumeHash(store)).isEqualTo(before);
            store.prepareRebuild(List.of(
                    new LayerSpec("a", "2026-01-01T00:00:00Z", true, false),
                    new LayerSpec("c", "2026-01-02T00:00:00Z", false, false)));
        }
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().rebuilding()).isTrue();
            assertThat(store.info().chain()).containsExactly("a", "c", "volume-head");
            // "b" did not match the source's chain; the old head became "c"'s starting file.
            assertThat(dir.resolve("layer-000002.img")).doesNotExist();
            assertThat(store.layerSummary("c").allocatedBlocks()).isEqualTo(1);
        }
    }
}
