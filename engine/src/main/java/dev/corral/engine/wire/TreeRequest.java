package dev.corral.engine.wire;

import java.util.Objects;
import java.util.Set;

/** A request without arguments about the whole layer tree: LIST_LAYERS, PURGE, FINISH_REBUILD. */
public record TreeRequest(long id, Opcode op) implements Request {
    static final Set<Opcode> OPS = Set.of(Opcode.LIST_LAYERS, Opcode.PURGE, Opcode.FINISH_REBUILD);

    public TreeRequest {
        Objects.requireNonNull(op, "op");
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException(op + " is not a tree request");
        }
    }
}
