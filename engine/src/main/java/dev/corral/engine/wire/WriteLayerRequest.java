package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Objects;

/**
 * Writes {@code data} into snapshot layer {@code name} of a replica being rebuilt. On the wire the
 * payload is a u8 name length, the name, then the data; the header's length is the data's. The
 * request owns {@code data}, like {@link WriteRequest}.
 */
public record WriteLayerRequest(long id, String name, long offset, ByteBuf data) implements Request, CarriesData {
    public WriteLayerRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        int bytes = ByteBufUtil.utf8Bytes(name);
        if (bytes == 0 || bytes > WireFormat.MAX_SNAPSHOT_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "layer name must be 1.." + WireFormat.MAX_SNAPSHOT_NAME_BYTES + " UTF-8 bytes, got " + bytes);
        }
        Ranges.requireRange(offset, data.readableBytes());
        Ranges.requireDataLength(data.readableBytes());
    }

    @Override
    public Opcode op() {
        return Opcode.WRITE_LAYER;
    }
}
