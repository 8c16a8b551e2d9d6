package dev.corral.console.volumes;

import dev.corral.api.units.ByteSize;
import dev.corral.api.v1.VolumeRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The create form's rules, checked as the operator types so that the Create button is only
 * enabled for a request the server would accept (the server checks again and has the last word).
 */
public final class VolumeForm {
    /** A DNS-1123 label, as Kubernetes (and so Longhorn) requires of a volume's name. */
    static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private static final long BLOCK = 4096;

    public enum Field {
        NAME,
        SIZE,
        REPLICAS
    }

    /** What the form holds: errors by field, or the request to send. */
    public sealed interface Result {
        record Valid(VolumeRequest request) implements Result {}

        record Invalid(Map<Field, String> errors) implements Result {}
    }

    private VolumeForm() {}

    public static Result check(String name, String size, int replicas, long schedulableNodes) {
        Map<Field, String> errors = new LinkedHashMap<>();
        String trimmedName = name == null ? "" : name.trim();
        if (trimmedName.isEmpty()) {
            errors.put(Field.NAME, "a name is required");
        } else if (!NAME.matcher(trimmedName).matches()) {
            errors.put(
                    Field.NAME,
                    "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63");
        }
        long bytes = 0;
        try {
            bytes = ByteSize.parse(size == null ? "" : size);
            if (bytes <= 0) {
                errors.put(Field.SIZE, "the size must be more than 0");
            } else if (bytes % BLOCK != 0) {
                errors.put(Field.SIZE, "the size must be a multiple of 4 KiB (use Mi or Gi)");
            }
        } catch (IllegalArgumentException e) {
            errors.put(Field.SIZE, "a size like 512Mi, 10Gi or a number of bytes");
        }
        if (replicas < 1) {
            errors.put(Field.REPLICAS, "at least one replica");
        } else if (replicas > schedulableNodes) {
            errors.put(
                    Field.REPLICAS,
                    replicas + " replicas need " + replicas + " schedulable nodes; " + schedulableNodes
                            + " can take one now");
        }
        if (!errors.isEmpty()) {
            return new Result.Invalid(Map.copyOf(errors));
        }
        return new Result.Valid(VolumeRequest.of(trimmedName, bytes).withNumberOfReplicas(replicas));
    }
}
