package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.Extent;
import dev.corral.engine.replica.LayerInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseStoreTest {
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    @TempDir
    Path tmp;

    @Test
    void aFewBlocksInAGibibyteStoreOccupyAFewBlocksOnDisk() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, GIB, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, 4096));
            Bytes.write(store, GIB / 2 + 100, Bytes.pattern(2, 5000));
            store.snapshot("first");
            Bytes.write(store, GIB - 4096, Bytes.pattern(3, 4096));
            store.flush();

            Path snapshotFile = dir.resolve("layer-000001.img");
            Path headFile = dir.resolve("layer-000002.img");
            assertThat(DiskUsage.apparentBytes(snapshotFile)).isEqualTo(GIB);
            assertThat(DiskUsage.apparentBytes(headFile)).isEqualTo(GIB);
            assertThat(DiskUsage.allocatedBytes(snapshotFile)).isBetween(3 * 4096L, 64 * 1024L);
            assertThat(DiskUsage.allocatedBytes(headFile)).isBetween(4096L, 64 * 1024L);

            List<LayerInfo> layers = store.layers();
            assertThat(layers).extracting(LayerInfo::name).containsExactly("first", "volume-head");
            assertThat(layers.get(0).allocatedBytes()).isEqualTo(DiskUsage.allocatedBytes(snapshotFile));
            assertThat(layers.get(1).allocatedBytes()).isEqualTo(DiskUsage.allocatedBytes(headFile));
            assertThat(store.extents(0, GIB))
                    .containsExactly(
                            new Extent(0, 4096, true),
                            new Extent(4096, GIB / 2 - 4096, false),
                            new Extent(GIB / 2, 8192, true),
                            new Extent(GIB / 2 + 8192, GIB / 2 - 8192 - 4096, false),
                            new Extent(GIB - 4096, 4096, true));
        }
    }

    @Test
    void aSparseTebibyteVolumeCostsAlmostNoMemory() throws Exception {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("replica"), TIB, false)) {
            long empty = store.blockMapFootprintBytes();
            byte[] data = Bytes.pattern(4, 8192);
            Bytes.write(store, TIB - 8192, data);
            Bytes.write(store, TIB / 3, data);

            assertThat(empty).isLessThanOrEqualTo(64 * 1024);
            assertThat(store.blockMapFootprintBytes() - empty).isLessThanOrEqualTo(2 * 16 * 1024);
            assertThat(Bytes.read(store, TIB - 8192, 8192)).isEqualTo(data);
            assertThat(Bytes.read(store, 0, 4096)).isEqualTo(new byte[4096]);
            assertThat(store.extents(0, TIB)).hasSize(4).last().isEqualTo(new Extent(TIB - 8192, 8192, true));
        }
    }

    @Test
    void unmappingHeadOnlyBlocksGivesTheSpaceBack() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, GIB, false)) {
            Bytes.write(store, 0, Bytes.pattern(5, 1 << 20));
            store.flush();
            long written = DiskUsage.allocatedBytes(dir.resolve("layer-000001.img"));

            store.unmap(0, 1 << 20);
            store.flush();

            assertThat(written).isGreaterThanOrEqualTo(1 << 20);
            assertThat(DiskUsage.allocatedBytes(dir.resolve("layer-000001.img")))
                    .isLessThan(64 * 1024);
            assertThat(store.extents(0, GIB)).containsExactly(new Extent(0, GIB, false));
            assertThat(Bytes.read(store, 0, 1 << 20)).isEqualTo(new byte[1 << 20]);
        }
    }
}
