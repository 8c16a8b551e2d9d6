package dev.corral.engine.wire;

import java.util.Objects;

/**
 * Success without a payload: the answer to WRITE, UNMAP, FLUSH, PING, SNAPSHOT, GROW, and the tree
 * and rebuild ops that return nothing.
 */
public record DoneResponse(long id, Opcode op) implements Response {
    public DoneResponse {
        Objects.requireNonNull(op, "op");
        if (op == Opcode.READ || op == Opcode.INFO || op == Opcode.EXTENTS || PayloadResponse.OPS.contains(op)) {
            throw new IllegalArgumentException(op + " is answered with a payload");
        }
    }
}
