package dev.corral.api.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a process appends to its log after a given offset. A restarted process appends to the
 * log its predecessor wrote, so only what follows the offset taken at spawn is this process's: an
 * old ready line must never count.
 */
final class LogTail {
    private static final int MAX_READ = 4 << 20;

    private final Path log;
    private final long start;
    private long position;
    private final StringBuilder partial = new StringBuilder();

    private LogTail(Path log, long start) {
        this.log = log;
        this.start = start;
        this.position = start;
    }

    /** Follows {@code log} from its current end. */
    static LogTail fromEnd(Path log) throws IOException {
        return new LogTail(log, Files.exists(log) ? Files.size(log) : 0);
    }

    /** The complete lines appended since the last call. */
    List<String> newLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String chunk = read(); !chunk.isEmpty(); chunk = read()) {
            partial.append(chunk);
            int end;
            while ((end = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, end));
                partial.delete(0, end + 1);
            }
        }
        return lines;
    }

    /** The last {@code count} lines written since the offset, for an error message. */
    String lastLines(int count) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(start, all.length);
        List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8)
                .lines()
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private String read() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long available = file.length() - position;
            if (available <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(available, MAX_READ)];
            file.seek(position);
            file.readFully(bytes);
            // Stop at the last newline so that a multi-byte character is never cut in two.
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return "";
            }
            position += end;
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }
}
