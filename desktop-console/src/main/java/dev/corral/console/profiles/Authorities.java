package dev.corral.console.profiles;

import dev.corral.api.security.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** A profile's certificate authority file, read when a connection is made (off the UI thread). */
final class Authorities {
    private Authorities() {}

    /** The one certificate in {@code file}; nothing when no file is named. */
    static Optional<X509Certificate> load(String file) throws IOException {
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        List<X509Certificate> certificates = Identity.certificates(Path.of(file));
        if (certificates.size() != 1) {
            throw new IOException(file + " must hold the cluster's CA certificate alone, not " + certificates.size());
        }
        return Optional.of(certificates.getFirst());
    }
}
