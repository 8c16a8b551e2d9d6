package dev.corral.console.profiles;

import dev.corral.api.security.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** A profile's certificate authority file, read when a connection is made (off the UI thread). */
final class Authorities {
    private Authorities() {}

    /** The one certificate in {@code file}; nothing when no file is named. */
    static Optional<X509Certificate> load(String file) throws IOException {
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Identity.authority(Path.of(file)));
    }
}
