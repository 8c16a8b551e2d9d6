package dev.corral.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterAuthorityTest {
    private final ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());

    @Test
    void aNodeAndTheControlPlaneAuthenticateEachOtherAndTheServerLearnsTheNodesName() throws Exception {
        Identity server = authority.issue(Principal.controlPlane(), List.of("127.0.0.1", "localhost"));
        Identity node = authority.issue(Principal.node("node-1"), List.of());
        X509Certificate seen = handshake(
                TlsContexts.server(server, authority.certificate()),
                TlsContexts.client(authority.certificate(), Optional.of(node)));
        assertThat(Principal.of(seen)).isEqualTo(Principal.node("node-1"));
        assertThat(node.principal().role()).isEqualTo(Principal.Role.NODE);
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefusedOnEitherEnd() {
        ClusterAuthority other = ClusterAuthority.create("other", Clock.systemUTC());
        Identity server = authority.issue(Principal.controlPlane(), List.of("127.0.0.1"));
        Identity stranger = other.issue(Principal.node("node-1"), List.of());
        // A client with another cluster's certificate.
        assertThatThrownBy(() -> handshake(
                        TlsContexts.server(server, authority.certificate()),
                        TlsContexts.client(authority.certificate(), Optional.of(stranger))))
                .isInstanceOf(IOException.class);
        // A client that trusts another cluster refuses this server.
        assertThatThrownBy(() -> handshake(
                        TlsContexts.server(server, authority.certificate()),
                        TlsContexts.client(
                                other.certificate(), Optional.of(authority.issue(Principal.node("n"), List.of())))))
                .isInstanceOf(SSLException.class);
        // A client without a certificate is refused when the server asks for one.
        assertThatThrownBy(() -> handshake(
                        TlsContexts.server(server, authority.certificate()),
                        TlsContexts.client(authority.certificate(), Optional.empty())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void savedKeysAreTheOwnersAloneAndLoadBackTheSame(@TempDir Path dir) throws Exception {
        Path identityDir = dir.resolve("identity");
        ClusterAuthority created = ClusterAuthority.loadOrCreate(identityDir, "test", Clock.systemUTC());
        ClusterAuthority again = ClusterAuthority.loadOrCreate(identityDir, "test", Clock.systemUTC());
        assertThat(again.fingerprint()).isEqualTo(created.fingerprint()).startsWith("sha256:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identityDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identityDir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(identityDir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

        Identity node = again.issue(Principal.node("node-2"), List.of("10.0.0.2"));
        node.save(identityDir, "node-2");
        Identity loaded = Identity.load(identityDir, "node-2");
        assertThat(loaded.certificate()).isEqualTo(node.certificate());
        assertThat(loaded.chain()).hasSize(2);
        assertThat(loaded.principal()).isEqualTo(Principal.node("node-2"));
        loaded.certificate().verify(created.certificate().getPublicKey());
    }

    @Test
    void principalsAreDnsStyleNames() {
        assertThatThrownBy(() -> Principal.node("Node_1")).hasMessageContaining("DNS-style");
        assertThatThrownBy(() -> Principal.node("a,O=corral:admin")).hasMessageContaining("DNS-style");
        assertThat(Principal.admin("ops").toString()).isEqualTo("admin/ops");
    }

    /** A TLS 1.3 handshake over loopback; answers the client certificate the server saw. */
    private static X509Certificate handshake(SSLContext serverContext, SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<X509Certificate> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    X509Certificate peer =
                            (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                    try (OutputStream out = accepted.getOutputStream()) {
                        out.write(42);
                    }
                    return peer;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                var parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                try (InputStream in = client.getInputStream()) {
                    // TLS 1.3 reports a refused client certificate only when the client reads.
                    if (in.read() != 42) {
                        throw new IOException("the server closed the connection");
                    }
                }
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }
}
