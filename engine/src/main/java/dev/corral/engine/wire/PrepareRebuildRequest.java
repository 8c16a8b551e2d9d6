package dev.corral.engine.wire;

import dev.corral.engine.replica.LayerSpec;
import java.util.List;

/** Shapes the target's chain like the source's snapshot chain (oldest first); JSON on the wire. */
public record PrepareRebuildRequest(long id, List<LayerSpec> chain) implements Request {
    public PrepareRebuildRequest {
        chain = List.copyOf(chain);
    }

    @Override
    public Opcode op() {
        return Opcode.PREPARE_REBUILD;
    }
}
