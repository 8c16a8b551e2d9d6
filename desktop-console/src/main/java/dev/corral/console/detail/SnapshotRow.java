package dev.corral.console.detail;

import dev.corral.api.units.ByteSize;
import dev.corral.api.v1.SnapshotInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A snapshot (or the volume head) as the detail screen shows it.
 *
 * @param userCreated taken by an operator; otherwise by the engine (for a rebuild)
 * @param active on the chain the volume reads through; false for a branch a revert left
 */
public record SnapshotRow(
        String name, String parent, Instant created, String size, boolean head, boolean active, boolean userCreated) {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    static SnapshotRow of(SnapshotInfo layer, boolean head) {
        return new SnapshotRow(
                layer.name(),
                layer.parent() == null ? "" : layer.parent(),
                layer.created(),
                ByteSize.format(layer.allocatedBytes()),
                head,
                layer.active(),
                layer.userCreated());
    }

    public String label() {
        if (head) {
            return "volume head (live data)  " + size;
        }
        String flags = (userCreated ? "" : "  system") + (active ? "" : "  branch");
        String when = created == null ? "" : "  " + WHEN.format(created);
        return name + when + "  " + size + flags;
    }
}
