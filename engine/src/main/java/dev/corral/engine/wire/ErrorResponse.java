package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;
import java.util.Objects;

/**
 * A failed request. Id 0 answers a frame whose id could not be trusted (bad magic or version);
 * the message is for operators and cut to {@link WireFormat#MAX_ERROR_MESSAGE_BYTES}.
 */
public record ErrorResponse(long id, IoError error, String message) implements Response {
    public ErrorResponse {
        Objects.requireNonNull(error, "error");
        message = truncateUtf8(message == null ? "" : message, WireFormat.MAX_ERROR_MESSAGE_BYTES);
    }

    /** Cuts on a code point boundary so the wire never carries half a character. */
    private static String truncateUtf8(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, end);
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text;
    }
}
