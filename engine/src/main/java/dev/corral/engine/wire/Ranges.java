package dev.corral.engine.wire;

/** Argument checks shared by the message records, so no record describes an impossible frame. */
final class Ranges {
    private Ranges() {}

    static void requireRange(long offset, long length) {
        if (offset < 0 || length < 0 || length > Long.MAX_VALUE - offset) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length);
        }
    }

    static void requireDataLength(long length) {
        if (length > WireFormat.MAX_DATA_BYTES) {
            throw new IllegalArgumentException(
                    length + " bytes of data exceed the protocol maximum of " + WireFormat.MAX_DATA_BYTES);
        }
    }
}
