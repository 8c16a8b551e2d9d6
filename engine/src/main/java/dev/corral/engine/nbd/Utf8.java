package dev.corral.engine.nbd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** UTF-8 helpers for protocol strings, which have a byte-length limit. */
final class Utf8 {
    private Utf8() {}

    /**
     * The UTF-8 encoding of {@code text}, cut at a character boundary so it is at most {@code
     * maxBytes} long; NUL characters, which NBD strings must not contain, become '?'.
     */
    static byte[] truncate(String text, int maxBytes) {
        byte[] bytes = text.replace('\0', '?').getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int end = maxBytes;
        // Step back over continuation bytes (10xxxxxx) so a multi-byte character is not split.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
