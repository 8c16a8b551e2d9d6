package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.util.HostPort;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster API over https, and clients that believe only the cluster's authority. */
class ApiTlsTest {
    private static final Credentials ADMIN = new Credentials("admin", "correct horse battery");

    @Test
    void aClientTrustingTheClustersAuthorityWorksAndAnyOtherIsRefused(@TempDir Path dir) throws Exception {
        ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
            ApiServer server = ApiServer.start(
                            vertx,
                            new ApiConfig(new HostPort("127.0.0.1", 0), Optional.of(ADMIN))
                                    .withTls(new ClusterIdentity(
                                            authority.issue(Principal.controlPlane(), List.of("127.0.0.1")),
                                            authority.certificate())),
                            store)
                    .join();
            try {
                assertThat(server.url()).startsWith("https://127.0.0.1:");
                ApiEndpoint endpoint =
                        new ApiEndpoint(URI.create(server.url()), Optional.of(ADMIN)).trusting(authority.certificate());
                try (ClusterClient client = new ClusterClient(endpoint)) {
                    client.createVolume(VolumeRequest.of("v1", 1 << 20));
                    assertThat(store.list(Kind.VOLUME)).hasSize(1);
                }

                // Another cluster's authority: the server's certificate is not believed.
                ClusterAuthority other = ClusterAuthority.create("other", Clock.systemUTC());
                try (ClusterClient stranger = new ClusterClient(endpoint.trusting(other.certificate()))) {
                    assertThatThrownBy(() -> stranger.createVolume(VolumeRequest.of("v2", 1 << 20)))
                            .isInstanceOf(UnavailableException.class)
                            .hasMessageContaining("its TLS certificate is not one of this cluster's authority");
                }
                // No authority given: the JDK's public ones do not vouch for a cluster's own certificate.
                try (ClusterClient unconfigured =
                        new ClusterClient(new ApiEndpoint(URI.create(server.url()), Optional.of(ADMIN)))) {
                    assertThatThrownBy(() -> unconfigured.createVolume(VolumeRequest.of("v3", 1 << 20)))
                            .isInstanceOf(UnavailableException.class)
                            .hasMessageContaining("not trusted by this machine");
                }
                assertThat(store.list(Kind.VOLUME)).hasSize(1);
            } finally {
                server.close();
            }
        } finally {
            vertx.close().await();
        }
    }
}
