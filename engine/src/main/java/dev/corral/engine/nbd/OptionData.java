package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one option's data, checking every length against what is left and against
 * the string limit before anything is decoded. A violation throws {@link Malformed}, which the
 * negotiator answers with NBD_REP_ERR_INVALID.
 */
final class OptionData {
    private final ByteBuf data;

    OptionData(ByteBuf data) {
        this.data = data;
    }

    int remaining() {
        return data.readableBytes();
    }

    long readUnsignedInt(String field) {
        require(4, field);
        return data.readUnsignedInt();
    }

    int readUnsignedShort(String field) {
        require(2, field);
        return data.readUnsignedShort();
    }

    /** A string of {@code length} bytes; rejected when longer than the protocol's string limit. */
    String readString(long length, String field) {
        if (length > NbdProtocol.MAX_STRING_LENGTH) {
            throw new Malformed(field + " of " + length + " bytes exceeds the " + NbdProtocol.MAX_STRING_LENGTH
                    + "-byte string limit");
        }
        require(length, field);
        String value = data.toString(data.readerIndex(), (int) length, StandardCharsets.UTF_8);
        data.skipBytes((int) length);
        return value;
    }

    /** A length-prefixed (32-bit) string. */
    String readPrefixedString(String field) {
        return readString(readUnsignedInt(field + " length"), field);
    }

    void requireFullyRead() {
        if (data.isReadable()) {
            throw new Malformed(data.readableBytes() + " unexpected trailing bytes");
        }
    }

    private void require(long length, String field) {
        if (length > data.readableBytes()) {
            throw new Malformed(field + " needs " + length + " bytes but only " + data.readableBytes() + " remain");
        }
    }

    /** The option's data does not have the layout the spec defines for it. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
