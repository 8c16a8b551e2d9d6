package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockMapTest {
    private static final long TIB_BLOCKS = (1L << 40) / 4096;

    @Test
    void aNeverWrittenTebibyteCostsOnlyThePageDirectory() {
        BlockMap map = new BlockMap(TIB_BLOCKS);

        assertThat(map.footprintBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(map.owner(TIB_BLOCKS - 1)).isEqualTo(BlockMap.HOLE);
        assertThat(map.runEnd(0, BlockMap.HOLE, TIB_BLOCKS)).isEqualTo(TIB_BLOCKS);
    }

    @Test
    void memoryFollowsWrittenBlocksNotVolumeSize() {
        BlockMap map = new BlockMap(TIB_BLOCKS);
        long before = map.footprintBytes();

        map.assign(0, 1, 1);
        map.assign(TIB_BLOCKS / 2, TIB_BLOCKS / 2 + 3, 2);
        map.assign(TIB_BLOCKS - 1, TIB_BLOCKS, 3);

        assertThat(map.footprintBytes() - before).isEqualTo(3L * BlockMap.PAGE_ENTRIES);
        assertThat(map.owner(0)).isEqualTo(1);
        assertThat(map.owner(TIB_BLOCKS / 2 + 2)).isEqualTo(2);
        assertThat(map.owner(TIB_BLOCKS - 1)).isEqualTo(3);
    }

    @Test
    void clearingBlocksInAnUnallocatedPageAllocatesNothing() {
        BlockMap map = new BlockMap(TIB_BLOCKS);
        long before = map.footprintBytes();

        map.assign(0, TIB_BLOCKS, BlockMap.HOLE);

        assertThat(map.footprintBytes()).isEqualTo(before);
    }

    @Test
    void runsStopAtTheFirstDifferentOwnerAcrossPages() {
        BlockMap map = new BlockMap(4L * BlockMap.PAGE_ENTRIES);
        long pageEdge = BlockMap.PAGE_ENTRIES;
        map.assign(10, pageEdge + 5, 7);
        map.assign(pageEdge + 5, pageEdge + 6, 255);

        assertThat(map.runEnd(0, BlockMap.HOLE, map.blockCount())).isEqualTo(10);
        assertThat(map.runEnd(10, 7, map.blockCount())).isEqualTo(pageEdge + 5);
        assertThat(map.owner(pageEdge + 5)).isEqualTo(255);
        assertThat(map.runEnd(pageEdge + 6, BlockMap.HOLE, map.blockCount())).isEqualTo(map.blockCount());
        assertThat(map.allocationRunEnd(10, true, map.blockCount())).isEqualTo(pageEdge + 6);
        assertThat(map.allocationRunEnd(0, false, 8)).isEqualTo(8);
    }

    @Test
    void growAddsHolesAndKeepsOwners() {
        BlockMap map = new BlockMap(100);
        map.assign(99, 100, 4);

        map.grow(3L * BlockMap.PAGE_ENTRIES);
        map.assign(3L * BlockMap.PAGE_ENTRIES - 1, 3L * BlockMap.PAGE_ENTRIES, 5);

        assertThat(map.owner(99)).isEqualTo(4);
        assertThat(map.owner(100)).isEqualTo(BlockMap.HOLE);
        assertThat(map.owner(3L * BlockMap.PAGE_ENTRIES - 1)).isEqualTo(5);
    }
}
