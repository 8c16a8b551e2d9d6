package dev.corral.engine.wire;

import io.netty.buffer.ByteBufUtil;
import java.util.Objects;

/**
 * Freezes the head as a snapshot called {@code name} (1..255 UTF-8 bytes). On the wire the length
 * field says who asked: 0 for an operator (user-created), 1 for the system (e.g. a rebuild).
 */
public record SnapshotRequest(long id, String name, boolean userCreated) implements Request {
    public SnapshotRequest {
        Objects.requireNonNull(name, "name");
        int bytes = ByteBufUtil.utf8Bytes(name);
        if (bytes == 0 || bytes > WireFormat.MAX_SNAPSHOT_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "snapshot name must be 1.." + WireFormat.MAX_SNAPSHOT_NAME_BYTES + " UTF-8 bytes, got " + bytes);
        }
    }

    @Override
    public Opcode op() {
        return Opcode.SNAPSHOT;
    }
}
