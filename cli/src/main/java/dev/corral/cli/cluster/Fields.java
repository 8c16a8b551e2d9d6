package dev.corral.cli.cluster;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** "Key:  value" lines with the values aligned; an empty value shows as "-". */
final class Fields {
    private record Field(String key, String value) {}

    private final List<Field> fields = new ArrayList<>();

    Fields add(String key, Object value) {
        String text = value == null ? "" : value.toString();
        fields.add(new Field(key, text.isEmpty() ? "-" : text));
        return this;
    }

    void print(PrintWriter out) {
        int width = fields.stream().mapToInt(f -> f.key().length()).max().orElse(0) + 1;
        for (Field f : fields) {
            out.println(f.key() + ":" + " ".repeat(width - f.key().length() + 1) + f.value());
        }
        out.flush();
    }
}
