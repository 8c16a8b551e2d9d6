package dev.corral.console.drill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The drill's test file: a 4 KiB block at the start of the volume that says what it is, when it
 * was written and to which volume, with a SHA-256 of those lines, so that reading it back can
 * tell intact from stale or damaged.
 */
record TestFile(String volume, Instant written) {
    static final int SIZE = 4096;
    private static final String TITLE = "corral failure drill";

    byte[] bytes() {
        String body = body();
        String text = body + "sha256=" + sha256(body) + "\n";
        byte[] block = new byte[SIZE];
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(encoded, 0, block, 0, encoded.length);
        return block;
    }

    private String body() {
        return TITLE + "\nvolume=" + volume + "\nwritten=" + written + "\n";
    }

    /** Why {@code block} is not this file, or empty when it is. */
    String mismatch(byte[] block) {
        if (Arrays.equals(block, bytes())) {
            return "";
        }
        String text = new String(block, StandardCharsets.UTF_8);
        int end = text.indexOf('\0');
        text = end < 0 ? text : text.substring(0, end);
        if (!text.startsWith(TITLE)) {
            return "the block holds no drill file (" + (text.isEmpty() ? "zeros" : "other data") + ")";
        }
        int sha = text.indexOf("sha256=");
        if (sha < 0 || !text.substring(sha + 7).strip().equals(sha256(text.substring(0, sha)))) {
            return "the file is damaged: its checksum does not match";
        }
        return "another drill file: "
                + text.substring(0, sha).replace('\n', ' ').strip();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
