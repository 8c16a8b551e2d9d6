package dev.corral.console.detail;

import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.util.ByteSize;
import java.time.Instant;

/** A snapshot (or the volume head) in the detail's snapshot list, indented by its depth in the tree. */
public record SnapshotRow(String name, String parent, Instant created, String size, boolean head, boolean active) {
    static SnapshotRow of(LayerInfo layer, boolean head) {
        return new SnapshotRow(
                layer.name(),
                layer.parent() == null ? "" : layer.parent(),
                layer.created(),
                ByteSize.format(layer.allocatedBytes()),
                head,
                layer.active());
    }

    public String label() {
        return (head ? "volume head" : name) + (active ? "" : " (branch)") + "  " + size;
    }
}
