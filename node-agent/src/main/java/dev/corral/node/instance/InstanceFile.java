package dev.corral.node.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.corral.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code DIR/instance.json}: the pid and API URL of the instance process serving DIR, written once
 * it serves, so that a restarted agent can find and adopt it instead of starting a second one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceFile(long pid, String url) {
    public static final String NAME = "instance.json";

    public static Path in(Path instanceDir) {
        return instanceDir.resolve(NAME);
    }

    /** The recorded instance, or empty when there is no readable file. */
    public static Optional<InstanceFile> read(Path file) {
        try {
            return Optional.of(Json.mapper().readValue(Files.readString(file), InstanceFile.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Written to a temporary file and renamed, so a reader never sees half a file. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Json.mapper().writeValueAsString(this));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
