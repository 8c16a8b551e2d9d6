package dev.corral.engine.wire;

/** Grows the volume to {@code newSize} bytes (carried in the header's length field). */
public record GrowRequest(long id, long newSize) implements Request {
    public GrowRequest {
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
    }

    @Override
    public Opcode op() {
        return Opcode.GROW;
    }
}
