package dev.corral.engine.controller.rebuild;

import dev.corral.engine.block.Extent;
import java.util.ArrayList;
import java.util.List;

/**
 * What must change in one window of a target's layer so that it holds exactly what the source's
 * layer holds: blocks to copy (missing on the target, or with another hash) and blocks to punch
 * (data on the target where the source has a hole — in a layer, a hole lets older layers show
 * through, so a stale block there would be read). Blocks are 4 KiB indices; runs of adjacent blocks
 * are merged up to {@link #MAX_RUN_BLOCKS} so that copies travel in large requests.
 */
public record SyncPlan(List<Run> copy, List<Run> punch) {
    public static final int BLOCK_SIZE = 4096;
    /** 1 MiB per copy request: large enough for throughput, small enough to interleave with I/O. */
    public static final int MAX_RUN_BLOCKS = 256;

    /** {@code count} adjacent blocks starting at block {@code first}. */
    public record Run(long first, int count) {
        public long offset() {
            return first * BLOCK_SIZE;
        }

        public long length() {
            return (long) count * BLOCK_SIZE;
        }
    }

    public long copyBytes() {
        return copy.stream().mapToLong(Run::length).sum();
    }

    /**
     * Compares the digests of one window. Both arrays pairs are ascending block indices with the
     * hash of each block, as replicas report them.
     */
    public static SyncPlan between(long[] sourceBlocks, long[] sourceHashes, long[] targetBlocks, long[] targetHashes) {
        RunBuilder copy = new RunBuilder();
        RunBuilder punch = new RunBuilder();
        int s = 0;
        int t = 0;
        while (s < sourceBlocks.length || t < targetBlocks.length) {
            long sb = s < sourceBlocks.length ? sourceBlocks[s] : Long.MAX_VALUE;
            long tb = t < targetBlocks.length ? targetBlocks[t] : Long.MAX_VALUE;
            if (sb < tb) {
                copy.add(sb);
                s++;
            } else if (tb < sb) {
                punch.add(tb);
                t++;
            } else {
                if (sourceHashes[s] != targetHashes[t]) {
                    copy.add(sb);
                }
                s++;
                t++;
            }
        }
        return new SyncPlan(copy.runs(), punch.runs());
    }

    /** Copies every allocated extent (a target that holds nothing in the window). */
    public static SyncPlan copyAll(List<Extent> sourceExtents) {
        RunBuilder copy = new RunBuilder();
        for (Extent extent : sourceExtents) {
            if (extent.allocated()) {
                long first = extent.offset() / BLOCK_SIZE;
                long end = Math.ceilDiv(extent.end(), BLOCK_SIZE);
                copy.addRange(first, end);
            }
        }
        return new SyncPlan(copy.runs(), List.of());
    }

    private static final class RunBuilder {
        private final List<Run> runs = new ArrayList<>();
        private long first = -1;
        private int count;

        void add(long block) {
            if (count > 0 && block == first + count && count < MAX_RUN_BLOCKS) {
                count++;
                return;
            }
            flush();
            first = block;
            count = 1;
        }

        void addRange(long first, long end) {
            for (long block = first; block < end; ) {
                if (count > 0 && block == this.first + count && count < MAX_RUN_BLOCKS) {
                    int take = (int) Math.min(MAX_RUN_BLOCKS - count, end - block);
                    count += take;
                    block += take;
                } else {
                    flush();
                    this.first = block;
                    count = (int) Math.min(MAX_RUN_BLOCKS, end - block);
                    block += count;
                }
            }
        }

        private void flush() {
            if (count > 0) {
                runs.add(new Run(first, count));
            }
            count = 0;
        }

        List<Run> runs() {
            flush();
            return List.copyOf(runs);
        }
    }
}
