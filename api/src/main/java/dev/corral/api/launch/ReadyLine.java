package dev.corral.api.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a Corral process prints on stdout once it serves, e.g. {@code CORRAL-READY pid=4242
 * role=replica address=127.0.0.1:40123}: how a parent learns the ports it asked the kernel to pick.
 * Values contain no whitespace.
 */
public record ReadyLine(Map<String, String> fields) {
    public static final String PREFIX = "CORRAL-READY";

    public ReadyLine {
        fields = Map.copyOf(fields);
    }

    /** The line for {@code fields}, in their iteration order. */
    public static String format(Map<String, String> fields) {
        StringBuilder line = new StringBuilder(PREFIX);
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    /** The fields of {@code line} when it is a ready line. */
    public static Optional<ReadyLine> parse(String line) {
        if (!line.startsWith(PREFIX + " ")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.substring(PREFIX.length() + 1).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return Optional.of(new ReadyLine(fields));
    }

    /** A field, e.g. "address", "nbd" or "url"; fails when the line lacks it. */
    public String field(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("ready line has no field " + name + ": " + fields);
        }
        return value;
    }

    /** The pid the process reported of itself. */
    public long pid() {
        return Long.parseLong(field("pid"));
    }
}
