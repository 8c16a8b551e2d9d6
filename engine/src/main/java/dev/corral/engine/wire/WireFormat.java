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

    public static int statusOf(IoError error) {
        return error.errno();
    }

    public static IoError errorOfStatus(int status) {
        IoError error = status > 0 && status < ERROR_BY_STATUS.length ? ERROR_BY_STATUS[status] : null;
        return error == null ? IoError.IO : error;
    }
}
