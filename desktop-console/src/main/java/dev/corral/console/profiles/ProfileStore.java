package dev.corral.console.profiles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.api.security.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The connection profiles, in {@code profiles.json} in the console's directory (mode 600, the
 * directory 700), with the last one used. Small and rarely written: read and written whole.
 */
public final class ProfileStore {
    private record Saved(List<ConnectionProfile> profiles, String lastUsed) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public ProfileStore(Path dir) {
        this.file = dir.resolve("profiles.json");
    }

    /** The console's directory: $CORRAL_CONSOLE_HOME, else $XDG_CONFIG_HOME/corral, else ~/.config/corral. */
    public static Path defaultDir() {
        String home = System.getenv("CORRAL_CONSOLE_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config =
                xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("corral");
    }

    public Path dir() {
        return file.getParent();
    }

    /** By name. */
    public List<ConnectionProfile> list() throws IOException {
        return read().profiles().stream()
                .sorted(Comparator.comparing(ConnectionProfile::name))
                .toList();
    }

    public Optional<ConnectionProfile> get(String name) throws IOException {
        return read().profiles().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Adds the profile, or replaces the one of its name. */
    public void save(ConnectionProfile profile) throws IOException {
        Saved saved = read();
        List<ConnectionProfile> profiles = new ArrayList<>(saved.profiles());
        profiles.removeIf(p -> p.name().equals(profile.name()));
        profiles.add(profile);
        write(new Saved(profiles, saved.lastUsed()));
    }

    public void delete(String name) throws IOException {
        Saved saved = read();
        List<ConnectionProfile> profiles = new ArrayList<>(saved.profiles());
        profiles.removeIf(p -> p.name().equals(name));
        write(new Saved(profiles, name.equals(saved.lastUsed()) ? null : saved.lastUsed()));
    }

    public Optional<String> lastUsed() throws IOException {
        return Optional.ofNullable(read().lastUsed());
    }

    public void markUsed(String name) throws IOException {
        Saved saved = read();
        write(new Saved(saved.profiles(), name));
    }

    private Saved read() throws IOException {
        if (!Files.exists(file)) {
            return new Saved(List.of(), null);
        }
        try {
            Saved saved = JSON.readValue(file.toFile(), new TypeReference<Saved>() {});
            return new Saved(saved.profiles() == null ? List.of() : saved.profiles(), saved.lastUsed());
        } catch (IOException e) {
            throw new IOException("cannot read the connection profiles in " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Saved saved) throws IOException {
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(saved));
    }
}
