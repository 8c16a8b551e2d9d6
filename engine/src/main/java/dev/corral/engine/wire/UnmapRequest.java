package dev.corral.engine.wire;

/** Discards a range; it reads as zeros afterwards. */
public record UnmapRequest(long id, long offset, long length) implements Request {
    public UnmapRequest {
        Ranges.requireRange(offset, length);
    }

    @Override
    public Opcode op() {
        return Opcode.UNMAP;
    }
}
