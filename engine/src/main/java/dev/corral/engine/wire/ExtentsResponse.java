package dev.corral.engine.wire;

import dev.corral.engine.block.Extent;
import java.util.List;

/** The answer to EXTENTS, in order. */
public record ExtentsResponse(long id, List<Extent> extents) implements Response {
    public ExtentsResponse {
        extents = List.copyOf(extents);
    }
}
