package dev.corral.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterIdentityTest {
    private final ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());

    @Test
    void anIssuedIdentityDirectoryLoadsBackWithItsAuthorityAndIsTheOwnersAlone(@TempDir Path dir) throws Exception {
        Path nodeDir = dir.resolve("node-1");
        ClusterIdentity issued =
                ClusterIdentity.issue(authority, Principal.node("node-1"), List.of("127.0.1.1"), nodeDir);
        ClusterIdentity loaded = ClusterIdentity.load(nodeDir);
        assertThat(loaded.principal()).isEqualTo(Principal.node("node-1"));
        assertThat(loaded.authority()).isEqualTo(authority.certificate());
        assertThat(loaded.identity().certificate()).isEqualTo(issued.identity().certificate());
        assertThat(Files.exists(nodeDir.resolve("ca.key"))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("identity.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir)))
                .isEqualTo("rwx------");
    }

    @Test
    void aDirectoryWithoutTheAuthorityIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        ClusterIdentity.issue(authority, Principal.node("node-1"), List.of(), dir);
        Files.delete(dir.resolve("ca.crt"));
        assertThatThrownBy(() -> ClusterIdentity.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ca.crt");
        assertThat(ClusterIdentity.loadIf(null)).isEmpty();
    }
}
