package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ApiRequestException;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.client.RemoteStore;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Resource;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Identity;
import dev.corral.api.security.Principal;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.util.HostPort;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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

    /**
     * With https the API asks for client certificates: the cluster's authority's authenticate (a
     * node's, scoped; an admin's), another authority's fail the handshake, and nothing at all with
     * no password is 401; the admin password keeps working. No refusal changes anything.
     */
    @Test
    void clientCertificatesOfTheClustersAuthorityAuthenticateAndNoOthers() throws IOException {
        ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
        try (ApiFixture api =
                ApiFixture.withTls(Optional.of(ADMIN), NodeScopeTest.identity(authority, Principal.controlPlane()))) {
            try (ClusterClient admin = new ClusterClient(api.endpoint())) {
                admin.createVolume(VolumeRequest.of("by-password", 1 << 20));
            }
            try (ClusterClient operator =
                    new ClusterClient(api.endpoint(NodeScopeTest.identity(authority, Principal.admin("ops"))))) {
                operator.createVolume(VolumeRequest.of("by-certificate", 1 << 20));
            }
            try (RemoteStore node =
                    new RemoteStore(api.endpoint(NodeScopeTest.identity(authority, Principal.node("node-1"))))) {
                node.create(nodeNamed("node-1"));
            }

            // A certificate of another cluster's authority. The JDK's client does not even offer it
            // (the server names the authority it accepts), so it is anonymous: 401.
            ClusterAuthority other = ClusterAuthority.create("other", Clock.systemUTC());
            Identity forged = other.issue(Principal.node("node-2"), List.of("127.0.0.1"));
            try (RemoteStore stranger =
                    new RemoteStore(api.endpoint(new ClusterIdentity(forged, authority.certificate())))) {
                assertThatThrownBy(() -> stranger.create(nodeNamed("node-2")))
                        .isInstanceOfSatisfying(
                                ApiRequestException.class,
                                e -> assertThat(e.status()).isEqualTo(401));
            }
            // A client that presents it anyway fails the handshake; the same client with a
            // certificate of the cluster's authority gets in.
            try (PresentingClient friend = new PresentingClient(
                    authority.issue(Principal.node("node-1"), List.of("127.0.0.1")), authority.certificate())) {
                assertThat(friend.send("GET", api.url() + "/v1/nodes", null).statusCode())
                        .isEqualTo(200);
            }
            try (PresentingClient attacker = new PresentingClient(forged, authority.certificate())) {
                assertThatThrownBy(() ->
                                attacker.send("POST", api.url() + "/v1/nodes", ResourceJson.write(nodeNamed("node-2"))))
                        .isInstanceOf(IOException.class);
            }
            // No certificate and no password.
            try (ClusterClient anonymous = new ClusterClient(
                    new ApiEndpoint(URI.create(api.url()), Optional.empty()).trusting(authority.certificate()))) {
                assertThatThrownBy(() -> anonymous.createVolume(VolumeRequest.of("anonymous", 1 << 20)))
                        .isInstanceOfSatisfying(
                                ApiRequestException.class,
                                e -> assertThat(e.status()).isEqualTo(401))
                        .hasMessageContaining("authentication required");
            }
            assertThat(api.store.list(Kind.VOLUME))
                    .extracting(Resource::name)
                    .containsExactly("by-certificate", "by-password");
            assertThat(api.store.list(Kind.NODE)).extracting(Resource::name).containsExactly("node-1");
        }
    }

    private static Node nodeNamed(String name) {
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false),
                Node.Status.empty());
    }
}
