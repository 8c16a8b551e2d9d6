package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/** The data a READ asked for. The response owns {@code data}, like {@link WriteRequest}. */
public record ReadResponse(long id, ByteBuf data) implements Response, ReferenceCounted {
    public ReadResponse {
        Objects.requireNonNull(data, "data");
        Ranges.requireDataLength(data.readableBytes());
    }

    @Override
    public int refCnt() {
        return data.refCnt();
    }

    @Override
    public ReadResponse retain() {
        data.retain();
        return this;
    }

    @Override
    public ReadResponse retain(int increment) {
        data.retain(increment);
        return this;
    }

    @Override
    public ReadResponse touch() {
        data.touch();
        return this;
    }

    @Override
    public ReadResponse touch(Object hint) {
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
