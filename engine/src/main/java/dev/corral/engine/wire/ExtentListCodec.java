package dev.corral.engine.wire;

import dev.corral.engine.block.Extent;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/** The EXTENTS payload: per extent a u64 offset and a u64 length whose bit 63 says allocated. */
final class ExtentListCodec {
    private static final long ALLOCATED = 1L << 63;

    private ExtentListCodec() {}

    static void write(ByteBuf out, List<Extent> extents) {
        for (Extent extent : extents) {
            out.writeLong(extent.offset());
            out.writeLong(extent.allocated() ? extent.length() | ALLOCATED : extent.length());
        }
    }

    static List<Extent> read(ByteBuf in, int count) {
        Extent[] extents = new Extent[count];
        for (int i = 0; i < count; i++) {
            long offset = in.readLong();
            long word = in.readLong();
            long length = word & ~ALLOCATED;
            if (offset < 0 || length == 0) {
                throw new CorruptedFrameException("invalid extent " + offset + "+" + length);
            }
            extents[i] = new Extent(offset, length, (word & ALLOCATED) != 0);
        }
        return List.of(extents);
    }
}
