package dev.corral.engine.nbd;

import dev.corral.engine.block.Extent;
import java.util.List;

/**
 * The block status descriptors of one base:allocation reply: holes are HOLE|ZERO (they read as
 * zeros), allocated extents 0.
 */
record AllocationDescriptors(List<Extent> runs) {
    /**
     * Cap on descriptors per reply; the spec lets a server describe less than asked, and clients
     * continue from the first offset not covered.
     */
    static final int MAX_DESCRIPTORS = 1024;

    /**
     * Descriptors for a request. When the device's map does not even cover the request's first
     * byte, the whole range is reported as status 0 ("allocated or unknown"), which the spec says is
     * always safe. With REQ_ONE only the first run is sent; runs never extend past the request.
     */
    static AllocationDescriptors forRequest(List<Extent> extents, long offset, long length, boolean reqOne) {
        List<Extent> runs = ExtentRuns.within(extents, offset, length);
        if (runs.isEmpty()) {
            runs = List.of(new Extent(offset, length, true));
        }
        int limit = reqOne ? 1 : MAX_DESCRIPTORS;
        return new AllocationDescriptors(runs.size() > limit ? runs.subList(0, limit) : runs);
    }

    int count() {
        return runs.size();
    }

    long length(int index) {
        return runs.get(index).length();
    }

    int status(int index) {
        return runs.get(index).allocated() ? 0 : NbdProtocol.STATE_HOLE | NbdProtocol.STATE_ZERO;
    }
}
