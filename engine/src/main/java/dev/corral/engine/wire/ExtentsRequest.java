package dev.corral.engine.wire;

/** Asks for the allocation map of a range. */
public record ExtentsRequest(long id, long offset, long length) implements Request {
    public ExtentsRequest {
        Ranges.requireRange(offset, length);
    }

    @Override
    public Opcode op() {
        return Opcode.EXTENTS;
    }
}
