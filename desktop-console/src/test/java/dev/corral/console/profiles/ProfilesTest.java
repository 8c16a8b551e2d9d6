package dev.corral.console.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
    @TempDir
    Path home;

    private Path dir() {
        return home.resolve("corral");
    }

    @Test
    void profilesAreKeptOwnerOnlyAndTheLastUsedIsRemembered() throws IOException {
        ProfileStore store = new ProfileStore(dir());
        store.save(new ConnectionProfile("prod", "http://10.0.0.5:9700", "admin", null));
        store.save(new ConnectionProfile("lab", "http://10.0.0.9:9700", "", null));
        store.save(new ConnectionProfile("prod", "https://prod.example:443", "ops", null));
        store.markUsed("prod");

        ProfileStore again = new ProfileStore(dir());
        assertThat(again.list()).extracting(ConnectionProfile::name).containsExactly("lab", "prod");
        assertThat(again.get("prod").orElseThrow().url()).isEqualTo("https://prod.example:443");
        assertThat(again.lastUsed()).contains("prod");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("profiles.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())))
                .isEqualTo("rwx------");

        again.delete("prod");
        assertThat(again.list()).extracting(ConnectionProfile::name).containsExactly("lab");
        assertThat(again.lastUsed()).isEmpty();
        // Nothing half-written is left beside the file.
        try (var files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("profiles.json");
        }
    }

    @Test
    void aKeptPasswordIsEncryptedBoundToItsProfileAndNeverInTheProfilesFile() throws IOException {
        SecretVault vault = new SecretVault(dir());
        ProfileStore store = new ProfileStore(dir());
        String sealed = vault.encrypt("prod", "s3cret-pässword".toCharArray());
        store.save(new ConnectionProfile("prod", "http://10.0.0.5:9700", "admin", sealed));

        assertThat(new String(vault.decrypt("prod", sealed))).isEqualTo("s3cret-pässword");
        assertThat(Files.readString(dir().resolve("profiles.json"))).doesNotContain("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("console.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.size(dir().resolve("console.key"))).isEqualTo(32);
        // Each encryption has its own nonce: the same password twice is two different texts.
        assertThat(vault.encrypt("prod", "s3cret-pässword".toCharArray())).isNotEqualTo(sealed);
        assertThat(store.get("prod").orElseThrow().toString())
                .doesNotContain(sealed)
                .contains("kept, encrypted");

        // Copied to another profile, or altered, it does not decrypt, and says what to do.
        assertThatThrownBy(() -> vault.decrypt("lab", sealed))
                .isInstanceOf(IOException.class)
                .hasMessage("the stored password for profile lab cannot be decrypted; enter it again");
        byte[] bytes = Base64.getDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> vault.decrypt("prod", tampered)).hasMessageContaining("enter it again");
        assertThatThrownBy(() -> vault.decrypt("prod", "not base64!")).hasMessageContaining("enter it again");
        // Another key (another user's, a lost key file) cannot read it either.
        Files.write(
                dir().resolve("console.key"), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> vault.decrypt("prod", sealed)).hasMessageContaining("enter it again");
    }
}
