package dev.corral.engine.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line an engine process prints on stdout once it serves, e.g. {@code CORRAL-READY
 * role=replica address=127.0.0.1:40123}: how a parent learns the ports it asked the kernel to pick.
 */
public final class ReadyLine {
    public static final String PREFIX = "CORRAL-READY";

    private ReadyLine() {}

    public static String format(Map<String, String> fields) {
        StringBuilder line = new StringBuilder(PREFIX);
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    public static Optional<Map<String, String>> parse(String line) {
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
        return Optional.of(fields);
    }
}
