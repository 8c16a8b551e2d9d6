package dev.corral.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corral.api.model.ResourceJson;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code -o table|json} for the commands that show objects. */
final class OutputOption {
    enum Format {
        TABLE,
        JSON
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "table" -> Format.TABLE;
                case "json" -> Format.JSON;
                default ->
                    throw new TypeConversionException("unknown output format '" + value + "': use table or json");
            };
        }
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            converter = FormatConverter.class,
            description = "table (default) or json")
    Format format = Format.TABLE;

    boolean json() {
        return format == Format.JSON;
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(ResourceJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the answer as JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }
}
