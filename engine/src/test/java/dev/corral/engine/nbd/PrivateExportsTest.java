package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.Identity;
import dev.corral.api.security.Principal;
import dev.corral.api.security.TlsContexts;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.NeedsRoot;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports that only the right client can open, tried with libnbd's nbdinfo as a client would: a
 * Unix socket another local user cannot connect to, and TLS with client certificates of the
 * cluster's authority (nbds://), nothing in plain text.
 */
@NeedsRoot
class PrivateExportsTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final long SIZE = 8L << 20;

    private final TestExports exports = new TestExports();

    PrivateExportsTest() {
        exports.add("vol", new MemoryBlockDevice(SIZE));
    }

    @Test
    void aUnixSocketExportServesItsOwnerAndNoOtherUser(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("run").resolve("vol.sock");
        try (NbdServer server = NbdServer.start(NbdServerConfig.defaults(socket), exports)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx------");
            String uri = "nbd+unix:///vol?socket=" + socket;
            assertThat(ExternalCommand.run(TOOL_TIMEOUT, "nbdinfo", "--size", uri)
                            .strip())
                    .isEqualTo(Long.toString(SIZE));

            ExternalCommand.Result stranger = ExternalCommand.runAllowingFailure(
                    TOOL_TIMEOUT, List.of("runuser", "-u", "nobody", "--", "nbdinfo", "--size", uri));
            assertThat(stranger.exitCode()).isNotZero();
            assertThat(stranger.output()).containsIgnoringCase("permission denied");
            assertThat(server.connectionCount()).isZero();
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aSocketInADirectoryOthersCanEnterIsRefused(@TempDir Path dir) throws IOException {
        Path open = dir.resolve("open");
        Files.createDirectories(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> NbdServer.start(NbdServerConfig.defaults(open.resolve("vol.sock")), exports))
                .hasMessageContaining("other users could reach the export");
        assertThat(open.resolve("vol.sock")).doesNotExist();
    }

    @Test
    void aTlsExportServesOnlyClientsWithTheClustersCertificates(@TempDir Path dir) throws Exception {
        ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
        Identity serverIdentity = authority.issue(Principal.node("node-1"), List.of("127.0.0.1"));
        SslContext tls = new JdkSslContext(
                TlsContexts.server(serverIdentity, authority.certificate()),
                false,
                null,
                IdentityCipherSuiteFilter.INSTANCE,
                ApplicationProtocolConfig.DISABLED,
                ClientAuth.REQUIRE,
                null,
                false);
        Path good = certificates(dir.resolve("good"), authority, authority.issue(Principal.admin("ops"), List.of()));
        ClusterAuthority other = ClusterAuthority.create("other", Clock.systemUTC());
        Path foreign = certificates(dir.resolve("foreign"), authority, other.issue(Principal.admin("ops"), List.of()));
        Path noClientCertificate = dir.resolve("ca-only");
        Files.createDirectories(noClientCertificate);
        Files.writeString(noClientCertificate.resolve("ca-cert.pem"), pem(authority.certificate()));

        try (NbdServer server = NbdServer.start(
                NbdServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0)).withTls(tls), exports)) {
            String tlsUri = "nbds://127.0.0.1:" + server.localAddress().getPort() + "/vol?tls-certificates=";
            assertThat(ExternalCommand.run(TOOL_TIMEOUT, "nbdinfo", "--size", tlsUri + good)
                            .strip())
                    .isEqualTo(Long.toString(SIZE));
            // The same client reads back what it wrote, through TLS.
            // (libnbd reads certificate files named in a URI only when told it may.)
            List<String> roundTrip = List.of(
                    "/usr/bin/python3",
                    "-m",
                    "nbd",
                    "-c",
                    "h.set_uri_allow_local_file(True); h.connect_uri('" + tlsUri + good + "'); "
                            + "h.pwrite(b'corral-tls' * 100, 4096); "
                            + "print(h.pread(1000, 4096) == b'corral-tls' * 100)");
            assertThat(ExternalCommand.run(TOOL_TIMEOUT, roundTrip).strip()).isEqualTo("True");

            for (Path refused : List.of(foreign, noClientCertificate)) {
                ExternalCommand.Result answer = ExternalCommand.runAllowingFailure(
                        TOOL_TIMEOUT, List.of("nbdinfo", "--size", tlsUri + refused));
                assertThat(answer.exitCode())
                        .as(refused.getFileName().toString())
                        .isNotZero();
            }
            ExternalCommand.Result plain = ExternalCommand.runAllowingFailure(
                    TOOL_TIMEOUT,
                    List.of(
                            "nbdinfo",
                            "--size",
                            "nbd://127.0.0.1:" + server.localAddress().getPort() + "/vol"));
            assertThat(plain.exitCode()).isNotZero();
            assertThat(plain.output()).containsIgnoringCase("tls");
        }
    }

    /** A directory as libnbd (GnuTLS) reads it: ca-cert.pem, client-cert.pem, client-key.pem. */
    private static Path certificates(Path dir, ClusterAuthority trusted, Identity client) throws IOException {
        client.save(dir, "client");
        Files.move(dir.resolve("client.crt"), dir.resolve("client-cert.pem"));
        Files.move(dir.resolve("client.key"), dir.resolve("client-key.pem"));
        Files.writeString(dir.resolve("ca-cert.pem"), pem(trusted.certificate()));
        return dir;
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
