package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Writes the readable bytes of {@code data} at {@code offset}. The request owns {@code data}:
 * whoever holds the request releases it (writing it to a channel hands it to the encoder). When
 * the constructor refuses its arguments, {@code data} stays with the caller.
 */
public record WriteRequest(long id, long offset, ByteBuf data) implements Request, CarriesData {
    public WriteRequest {
        Objects.requireNonNull(data, "data");
        Ranges.requireRange(offset, data.readableBytes());
        Ranges.requireDataLength(data.readableBytes());
    }

    @Override
    public Opcode op() {
        return Opcode.WRITE;
    }
}
