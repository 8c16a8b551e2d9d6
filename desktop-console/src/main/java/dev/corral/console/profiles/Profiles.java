package dev.corral.console.profiles;

import dev.corral.api.v1.Credentials;
import dev.corral.console.connection.ConnectionTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Stored profiles as connection targets, their passwords decrypted: what the launcher needs. */
public final class Profiles {
    private final ProfileStore store;
    private final SecretVault vault;

    public Profiles(Path dir) {
        this.store = new ProfileStore(dir);
        this.vault = new SecretVault(dir);
    }

    /** @throws IllegalArgumentException naming the stored profiles when there is no such one */
    public ConnectionTarget.Remote target(String name) throws IOException {
        Optional<ConnectionProfile> found = store.get(name);
        if (found.isEmpty()) {
            String names = profileNames();
            throw new IllegalArgumentException("no connection profile " + name + " in " + store.dir()
                    + (names.isEmpty() ? "" : "; there are: " + names));
        }
        ConnectionProfile profile = found.get();
        Optional<Credentials> credentials = Optional.empty();
        if (profile.encryptedPassword() != null) {
            credentials = Optional.of(
                    new Credentials(profile.user(), new String(vault.decrypt(name, profile.encryptedPassword()))));
        }
        return new ConnectionTarget.Remote(
                URI.create(profile.url()), credentials, Authorities.load(profile.caCertificate()));
    }

    /** The profile used last, if it still exists. */
    public Optional<ConnectionTarget> lastUsed() throws IOException {
        Optional<String> last = store.lastUsed();
        if (last.isEmpty() || store.get(last.get()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(target(last.get()));
    }

    private String profileNames() throws IOException {
        return String.join(
                ", ", store.list().stream().map(ConnectionProfile::name).toList());
    }
}
