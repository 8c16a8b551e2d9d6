package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A message that owns a data buffer: its reference count is the buffer's, so Netty's pipeline can
 * release the message (and so the data) exactly once wherever it ends up.
 */
interface CarriesData extends ReferenceCounted {
    ByteBuf data();

    @Override
    default int refCnt() {
        return data().refCnt();
    }

    @Override
    default ReferenceCounted retain() {
        data().retain();
        return this;
    }

    @Override
    default ReferenceCounted retain(int increment) {
        data().retain(increment);
        return this;
    }

    @Override
    default ReferenceCounted touch() {
        data().touch();
        return this;
    }

    @Override
    default ReferenceCounted touch(Object hint) {
        data().touch(hint);
        return this;
    }

    @Override
    default boolean release() {
        return data().release();
    }

    @Override
    default boolean release(int decrement) {
        return data().release(decrement);
    }
}
