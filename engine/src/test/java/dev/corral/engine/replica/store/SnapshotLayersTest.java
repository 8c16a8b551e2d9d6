package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.Extent;
import dev.corral.engine.replica.LayerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLayersTest {
    private static final int SIZE = 4 << 20;

    @TempDir
    Path tmp;

    @Test
    void reopenRebuildsTheMapFromEachLayersExtents() throws Exception {
        Path dir = tmp.resolve("replica");
        byte[] expected = new byte[SIZE];
        List<Extent> extentsBeforeClose;
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            write(store, expected, 0, Bytes.pattern(1, 3 * 4096 + 17));
            write(store, expected, 1 << 20, Bytes.pattern(2, 64 * 1024));
            store.snapshot("one");
            write(store, expected, 4096 + 5, Bytes.pattern(3, 100)); // copy-up of a partial block
            write(store, expected, (1 << 20) + 8192, Bytes.pattern(4, 4096));
            store.snapshot("two");
            write(store, expected, 3 << 20, Bytes.pattern(5, 10_000));
            store.unmap(2 * 4096, 4096); // over data that only snapshot one holds
            Arrays.fill(expected, 2 * 4096, 3 * 4096, (byte) 0);
            extentsBeforeClose = store.extents(0, SIZE);
            Bytes.assertSameBytes(Bytes.read(store, 0, SIZE), expected, "before close");
        }

        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            Bytes.assertSameBytes(Bytes.read(store, 0, SIZE), expected, "after reopen");
            assertThat(store.extents(0, SIZE)).isEqualTo(extentsBeforeClose);
            assertThat(store.info().chain()).containsExactly("one", "two", "volume-head");
            assertThat(dir.resolve("layer-000003.img")).exists();
        }
    }

    @Test
    void unmapOverSnapshotDataReadsZerosAndLeavesTheSnapshotUntouched() throws Exception {
        Path dir = tmp.resolve("replica");
        Path snapshotFile = dir.resolve("layer-000001.img");
        byte[] base = Bytes.pattern(6, 256 * 1024);
        String snapshotDigest;
        long snapshotAllocated;
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, base);
            store.snapshot("base");
            snapshotDigest = sha256(snapshotFile);
            snapshotAllocated = DiskUsage.allocatedBytes(snapshotFile);

            store.unmap(1000, 200 * 1024); // unaligned at both ends
            byte[] expected = base.clone();
            Arrays.fill(expected, 1000, 1000 + 200 * 1024, (byte) 0);
            Bytes.assertSameBytes(Bytes.read(store, 0, base.length), expected, "after unmap");
            assertThat(store.extents(0, base.length)).containsExactly(new Extent(0, base.length, true));
            store.flush();
            assertThat(sha256(snapshotFile)).isEqualTo(snapshotDigest);
            assertThat(DiskUsage.allocatedBytes(snapshotFile)).isEqualTo(snapshotAllocated);
        }
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            byte[] expected = base.clone();
            Arrays.fill(expected, 1000, 1000 + 200 * 1024, (byte) 0);
            Bytes.assertSameBytes(Bytes.read(store, 0, base.length), expected, "after reopen");
        }
        assertThat(sha256(snapshotFile)).isEqualTo(snapshotDigest);
    }

    @Test
    void snapshotKeepsFileNamesAndRecordsTheChain() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, Bytes.pattern(7, 4096));
            store.snapshot("daily-2024.01.01_a", true);
            store.snapshot("system-rebuild", false);

            List<LayerInfo> layers = store.layers();
            assertThat(layers)
                    .extracting(LayerInfo::name)
                    .containsExactly("daily-2024.01.01_a", "system-rebuild", "volume-head");
            assertThat(layers).extracting(LayerInfo::userCreated).containsExactly(true, false, false);
            assertThat(layers).extracting(LayerInfo::removed).containsOnly(false);
            assertThat(layers.get(1).created()).isAfterOrEqualTo(layers.get(0).created());
            assertThat(layers.get(0).allocatedBytes()).isGreaterThanOrEqualTo(4096);
            assertThat(layers.get(1).allocatedBytes()).isZero();
            assertThat(store.info().head()).isEqualTo("volume-head");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "layer-000001.img", "layer-000002.img", "layer-000003.img", "replica.json", "replica.lock");
        }
    }

    @Test
    void growKeepsDataAndServesTheNewRangeAcrossReopen() throws Exception {
        Path dir = tmp.resolve("replica");
        byte[] low = Bytes.pattern(8, 4096);
        byte[] high = Bytes.pattern(9, 6000);
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, SIZE - 4096, low);
            store.snapshot("before-grow");
            store.grow(2L * SIZE);
            Bytes.write(store, SIZE - 100, high); // spans the old end, copying up the old last block

            assertThat(store.size()).isEqualTo(2L * SIZE);
            assertThat(store.info().size()).isEqualTo(2L * SIZE);
        }
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            byte[] expected = low.clone();
            System.arraycopy(high, 0, expected, 4096 - 100, 100);
            assertThat(store.size()).isEqualTo(2L * SIZE);
            assertThat(Bytes.read(store, SIZE - 4096, 4096)).isEqualTo(expected);
            assertThat(Bytes.read(store, SIZE - 100, 6000)).isEqualTo(high);
            assertThat(Bytes.read(store, 2L * SIZE - 4096, 4096)).isEqualTo(new byte[4096]);
        }
    }

    private static void write(LayeredReplicaStore store, byte[] model, int offset, byte[] data) throws Exception {
        Bytes.write(store, offset, data);
        System.arraycopy(data, 0, model, offset, data.length);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
