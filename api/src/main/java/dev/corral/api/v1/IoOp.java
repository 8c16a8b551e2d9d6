package dev.corral.api.v1;

/** The operations a volume's I/O statistics are kept for, as the API names them. */
public enum IoOp {
    READ,
    WRITE,
    FLUSH,
    TRIM,
    WRITE_ZEROES,
    BLOCK_STATUS
}
