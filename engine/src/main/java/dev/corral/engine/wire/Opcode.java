package dev.corral.engine.wire;

/** What a request asks for; {@link #code()} is its byte on the wire. */
public enum Opcode {
    READ(1),
    WRITE(2),
    UNMAP(3),
    FLUSH(4),
    PING(5),
    INFO(6),
    SNAPSHOT(7),
    EXTENTS(8),
    GROW(9),
    LIST_LAYERS(10),
    REMOVE_SNAPSHOT(11),
    PURGE(12),
    REVERT(13),
    LAYER_EXTENTS(14),
    READ_LAYER(15),
    LAYER_DIGESTS(16),
    LAYER_SUMMARY(17),
    PREPARE_REBUILD(18),
    WRITE_LAYER(19),
    PUNCH_LAYER(20),
    FINISH_REBUILD(21);

    private static final Opcode[] BY_CODE = new Opcode[256];

    static {
        for (Opcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The op with this wire code, or null when the code is unknown (0..255 expected). */
    public static Opcode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
