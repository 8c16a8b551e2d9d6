package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;

/**
 * Byte layout and hard limits of the replica protocol, version 1. Every integer is big-endian.
 *
 * <p>Request frame: a 36-byte header, then {@code payloadLength} bytes.
 *
 * <pre>
 *  0 u32 magic 0x43524C51 ("CRLQ")    4 u8 version (1)    5 u8 op    6 u16 flags (0)
 *  8 u64 request id    16 u64 offset    24 u64 length    32 u32 payloadLength
 * </pre>
 *
 * <p>Response frame: a 20-byte header, then {@code payloadLength} bytes.
 *
 * <pre>
 *  0 u32 magic 0x43524C53 ("CRLS")    4 u8 version (1)    5 u8 op (0 for an error)
 *  6 u8 status (0 OK, else the errno of the {@link IoError})    7 u8 reserved (0)
 *  8 u64 request id    16 u32 payloadLength
 * </pre>
 *
 * <p>The limits are the protocol's: a sender never produces a frame above them, and a receiver
 * checks every length against them (or a stricter configured maximum) before reading a byte of
 * payload.
 */
public final class WireFormat {
    public static final int REQUEST_MAGIC = 0x43524C51;
    public static final int RESPONSE_MAGIC = 0x43524C53;
    public static final int VERSION = 1;
    public static final int REQUEST_HEADER_BYTES = 36;
    public static final int RESPONSE_HEADER_BYTES = 20;

    /** Largest READ or WRITE data payload. */
    public static final int MAX_DATA_BYTES = 32 << 20;

    /** Longest snapshot name, in UTF-8 bytes. */
    public static final int MAX_SNAPSHOT_NAME_BYTES = 255;

    /** Most extents one EXTENTS answer carries; a range with more is answered OVERFLOW. */
    public static final int MAX_EXTENTS = 1 << 20;

    /** One extent on the wire: u64 offset, then u64 length with the allocated flag in bit 63. */
    public static final int EXTENT_BYTES = 16;

    /** Largest INFO answer (JSON). */
    public static final int MAX_INFO_BYTES = 1 << 20;

    /** Largest LIST_LAYERS answer and PREPARE_REBUILD chain (JSON). */
    public static final int MAX_LAYER_JSON_BYTES = 1 << 20;

    /** Widest LAYER_DIGESTS range: 262144 blocks, a 4 MiB answer. */
    public static final long MAX_DIGEST_RANGE_BYTES = 1L << 30;

    /** One block digest on the wire: u64 block index, u64 hash. */
    public static final int DIGEST_BYTES = 16;

    /** Largest LAYER_DIGESTS answer. */
    public static final int MAX_DIGESTS_BYTES = (int) (MAX_DIGEST_RANGE_BYTES / 4096) * DIGEST_BYTES;

    /** A LAYER_SUMMARY answer: u64 block count, u64 hash. */
    public static final int SUMMARY_BYTES = 16;

    /** Longest error message, in UTF-8 bytes; longer ones are cut. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 4096;

    public static final int STATUS_OK = 0;

    /** Status byte to IoError; unknown codes from a newer peer count as plain I/O errors. */
    private static final IoError[] ERROR_BY_STATUS = new IoError[256];

    static {
        for (IoError error : IoError.values()) {
            if (error.errno() <= 0 || error.errno() > 255) {
                throw new ExceptionInInitializerError("errno of " + error + " does not fit the status byte");
            }
            ERROR_BY_STATUS[error.errno()] = error;
        }
    }

    private WireFormat() {}

    /**
     * Largest OK payload for an answer to {@code op}, with READ and READ_LAYER data capped at
     * {@code maxDataBytes}; 0 for ops answered without a payload.
     */
    public static long payloadLimit(Opcode op, int maxDataBytes) {
        return switch (op) {
            case READ, READ_LAYER -> maxDataBytes;
            case INFO -> MAX_INFO_BYTES;
            case EXTENTS, LAYER_EXTENTS -> (long) MAX_EXTENTS * EXTENT_BYTES;
            case LIST_LAYERS -> MAX_LAYER_JSON_BYTES;
            case LAYER_DIGESTS -> MAX_DIGESTS_BYTES;
            case LAYER_SUMMARY -> SUMMARY_BYTES;
            default -> 0;
        };
    }

    public static int statusOf(IoError error) {
        return error.errno();
    }

    public static IoError errorOfStatus(int status) {
        IoError error = status > 0 && status < ERROR_BY_STATUS.length ? ERROR_BY_STATUS[status] : null;
        return error == null ? IoError.IO : error;
    }

    /** A configured READ/WRITE payload limit: 1 byte up to the protocol's maximum. */
    public static int requireDataLimit(int maxDataBytes) {
        if (maxDataBytes <= 0 || maxDataBytes > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("maxDataBytes must be 1.." + MAX_DATA_BYTES);
        }
        return maxDataBytes;
    }
}
