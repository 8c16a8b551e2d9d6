package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * Writes the readable bytes of {@code data} at {@code offset}. The request owns {@code data}:
 * whoever holds the request releases it (writing it to a channel hands it to the encoder). When
 * the constructor refuses its arguments, {@code data} stays with the caller.
 */
public record WriteRequest(long id, long offset, ByteBuf data) implements Request, ReferenceCounted {
    public WriteRequest {
        Objects.requireNonNull(data, "data");
        Ranges.requireRange(offset, data.readableBytes());
        Ranges.requireDataLength(data.readableBytes());
    }

    @Override
    public Opcode op() {
        return Opcode.WRITE;
    }

    @Override
    public int refCnt() {
        return data.refCnt();
    }

    @Override
    public WriteRequest retain() {
        data.retain();
        return this;
    }

    @Override
    public WriteRequest retain(int increment) {
        data.retain(increment);
        return this;
    }

    @Override
    public WriteRequest touch() {
        data.touch();
        return this;
    }

    @Override
    public WriteRequest touch(Object hint) {
        data.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return data.release();
    }

    @Override
    public boolean release(int decrement) {
        return data.release(decrement);
    }
}
