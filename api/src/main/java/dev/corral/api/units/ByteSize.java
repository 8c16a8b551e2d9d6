package dev.corral.api.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as operators write them: plain bytes, or a number with a unit. K/M/G/T and Ki/Mi/Gi/Ti are
 * both binary (1024-based), as in Kubernetes' quantity for storage and in the seeds' PVCs.
 */
public final class ByteSize {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([KMGTP]i?)?B?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTPE"; // E: sizes near Long.MAX_VALUE are formatted, never parsed

    private ByteSize() {}

    public static long parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid size '" + text + "': use bytes or a number with K, M, G, T (or Ki, Mi, Gi, Ti)");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size '" + text + "': number too large");
        }
        String unit = m.group(2);
        int shift = unit == null ? 0 : 10 * (UNITS.indexOf(Character.toUpperCase(unit.charAt(0))) + 1);
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("invalid size '" + text + "': too large");
        }
        return value << shift;
    }

    /**
     * The one way Corral shows a size: in the largest binary unit it reaches, as a whole number when
     * it is one ("1 GiB", "512 MiB", which parse back), else with one decimal ("1.5 GiB").
     */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int exp = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        String unit = UNITS.charAt(exp - 1) + "iB";
        long whole = 1L << (10 * exp);
        if (bytes % whole == 0) {
            return bytes / whole + " " + unit;
        }
        return String.format(Locale.ROOT, "%.1f %s", bytes / (double) whole, unit);
    }
}
