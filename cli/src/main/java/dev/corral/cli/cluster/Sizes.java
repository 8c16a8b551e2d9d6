package dev.corral.cli.cluster;

import dev.corral.api.units.ByteSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sizes as operators write them: "1Gi" in and, when exact, "1Gi" out. */
final class Sizes {
    private static final String UNITS = "KMGTP";

    private Sizes() {}

    /** The largest binary unit the size is a whole number of ("512Mi"), else a rounded form. */
    static String format(long bytes) {
        if (bytes <= 0) {
            return Long.toString(bytes);
        }
        for (int exp = UNITS.length(); exp >= 1; exp--) {
            long unit = 1L << (10 * exp);
            if (bytes % unit == 0) {
                return bytes / unit + UNITS.substring(exp - 1, exp) + "i";
            }
        }
        return bytes < 1024 ? bytes + "B" : ByteSize.format(bytes).replace(" ", "");
    }

    static final class Converter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
