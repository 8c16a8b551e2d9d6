package dev.corral.engine.nbd;

import dev.corral.engine.block.Extent;
import java.util.ArrayList;
import java.util.List;

/** Turns a device's allocation map into runs a reply can describe. */
final class ExtentRuns {
    private ExtentRuns() {}

    /**
     * The runs of {@code [offset, offset + length)}: extents clipped to the range and neighbours
     * with the same allocation merged. Stops at the first gap, so the result always starts at
     * {@code offset} and is contiguous, but may end early; it is empty when no extent covers
     * {@code offset}. The device promises ordered, gap-free extents; this does not rely on it.
     */
    static List<Extent> within(List<Extent> extents, long offset, long length) {
        long end = offset + length;
        long cursor = offset;
        List<Extent> runs = new ArrayList<>(Math.min(extents.size(), 64));
        for (Extent extent : extents) {
            if (cursor >= end || extent.offset() > cursor) {
                break;
            }
            if (extent.end() <= cursor) {
                continue;
            }
            long runEnd = Math.min(extent.end(), end);
            Extent last = runs.isEmpty() ? null : runs.getLast();
            if (last != null && last.allocated() == extent.allocated()) {
                runs.set(runs.size() - 1, new Extent(last.offset(), runEnd - last.offset(), last.allocated()));
            } else {
                runs.add(new Extent(cursor, runEnd - cursor, extent.allocated()));
            }
            cursor = runEnd;
        }
        return runs;
    }
}
