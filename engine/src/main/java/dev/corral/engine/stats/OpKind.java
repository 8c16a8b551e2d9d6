package dev.corral.engine.stats;

/** The operations a volume's statistics are kept for. */
public enum OpKind {
    READ,
    WRITE,
    FLUSH,
    TRIM,
    WRITE_ZEROES,
    BLOCK_STATUS
}
