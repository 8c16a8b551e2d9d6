package dev.corral.engine.wire;

/** Reads {@code length} bytes at {@code offset}. */
public record ReadRequest(long id, long offset, int length) implements Request {
    public ReadRequest {
        Ranges.requireRange(offset, length);
        Ranges.requireDataLength(length);
    }

    @Override
    public Opcode op() {
        return Opcode.READ;
    }
}
