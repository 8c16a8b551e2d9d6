package dev.corral.node.instance;

import dev.corral.engine.util.HostPort;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** What a request must satisfy before anything is opened or started; each failure names the field. */
final class RequestChecks {
    /** Kubernetes-style names; they appear in URL paths and as NBD export names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    private static final long BLOCK = 4096;

    private RequestChecks() {}

    static String name(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw InstanceException.invalid(
                    field + " must be 1-253 letters, digits, '.', '_' or '-', starting with a letter or digit; got "
                            + (value == null ? "nothing" : "'" + value + "'"));
        }
        return value;
    }

    static Path absoluteDirectory(String field, String value) {
        if (value == null || value.isBlank()) {
            throw InstanceException.invalid(field + " is required");
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (RuntimeException e) {
            throw InstanceException.invalid(field + " is not a path: " + value);
        }
        if (!path.isAbsolute()) {
            throw InstanceException.invalid(field + " must be an absolute path, got " + value);
        }
        return path.normalize();
    }

    static long size(String field, long value) {
        if (value <= 0 || value % BLOCK != 0) {
            throw InstanceException.invalid(field + " must be a positive multiple of 4096 bytes, got " + value);
        }
        return value;
    }

    static String address(String field, String value) {
        if (value == null) {
            throw InstanceException.invalid(field + " is required (HOST:PORT)");
        }
        try {
            HostPort parsed = HostPort.parse(value);
            if (parsed.port() == 0) {
                throw InstanceException.invalid(field + " needs a port other than 0: " + value);
            }
            return parsed.toString();
        } catch (IllegalArgumentException e) {
            throw InstanceException.invalid(field + ": " + e.getMessage());
        }
    }

    static List<String> addresses(String field, List<String> values) {
        if (values.isEmpty()) {
            throw InstanceException.invalid(field + " must name at least one replica (HOST:PORT)");
        }
        List<String> parsed = values.stream().map(v -> address(field, v)).toList();
        if (parsed.stream().distinct().count() != parsed.size()) {
            throw InstanceException.invalid(field + " names a replica twice: " + values);
        }
        return parsed;
    }
}
