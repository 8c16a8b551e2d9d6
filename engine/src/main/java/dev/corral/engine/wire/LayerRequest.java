package dev.corral.engine.wire;

import io.netty.buffer.ByteBufUtil;
import java.util.Objects;
import java.util.Set;

/**
 * A request about one named layer: REMOVE_SNAPSHOT, REVERT and LAYER_SUMMARY (name only), and
 * LAYER_EXTENTS, READ_LAYER, LAYER_DIGESTS and PUNCH_LAYER (name and a range). The name travels as
 * the payload, 1..255 UTF-8 bytes.
 */
public record LayerRequest(long id, Opcode op, String name, long offset, long length) implements Request {
    static final Set<Opcode> NAME_ONLY = Set.of(Opcode.REMOVE_SNAPSHOT, Opcode.REVERT, Opcode.LAYER_SUMMARY);
    static final Set<Opcode> RANGED =
            Set.of(Opcode.LAYER_EXTENTS, Opcode.READ_LAYER, Opcode.LAYER_DIGESTS, Opcode.PUNCH_LAYER);

    public LayerRequest {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(name, "name");
        int bytes = ByteBufUtil.utf8Bytes(name);
        if (bytes == 0 || bytes > WireFormat.MAX_SNAPSHOT_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "layer name must be 1.." + WireFormat.MAX_SNAPSHOT_NAME_BYTES + " UTF-8 bytes, got " + bytes);
        }
        if (NAME_ONLY.contains(op)) {
            if (offset != 0 || length != 0) {
                throw new IllegalArgumentException(op + " takes no range");
            }
        } else if (RANGED.contains(op)) {
            Ranges.requireRange(offset, length);
            if (op == Opcode.READ_LAYER) {
                Ranges.requireDataLength(length);
            }
            if (op == Opcode.LAYER_DIGESTS && length > WireFormat.MAX_DIGEST_RANGE_BYTES) {
                throw new IllegalArgumentException(
                        "digest range of " + length + " bytes exceeds " + WireFormat.MAX_DIGEST_RANGE_BYTES);
            }
        } else {
            throw new IllegalArgumentException(op + " is not a layer request");
        }
    }

    /** Name only: REMOVE_SNAPSHOT, REVERT, LAYER_SUMMARY. */
    public static LayerRequest named(long id, Opcode op, String name) {
        return new LayerRequest(id, op, name, 0, 0);
    }
}
