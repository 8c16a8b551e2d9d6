package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.Set;

/**
 * The answer to LIST_LAYERS, LAYER_EXTENTS, READ_LAYER, LAYER_DIGESTS or LAYER_SUMMARY: the
 * payload as it travels ({@link LayerCodec} reads and writes it). The response owns {@code data}.
 */
public record PayloadResponse(long id, Opcode op, ByteBuf data) implements Response, CarriesData {
    static final Set<Opcode> OPS = Set.of(
            Opcode.LIST_LAYERS, Opcode.LAYER_EXTENTS, Opcode.READ_LAYER, Opcode.LAYER_DIGESTS, Opcode.LAYER_SUMMARY);

    public PayloadResponse {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(data, "data");
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException(op + " is not answered with a layer payload");
        }
    }
}
