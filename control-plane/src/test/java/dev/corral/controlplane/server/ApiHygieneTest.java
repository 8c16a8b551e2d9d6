package dev.corral.controlplane.server;

import static dev.corral.controlplane.server.ResourceRoutesTest.nodeJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.model.Kind;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.Principal;
import dev.corral.api.store.Store;
import dev.corral.api.v1.Credentials;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.util.HostPort;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cluster API refuses or keeps to itself, whoever asks. */
class ApiHygieneTest {
    @Test
    void aCrossOriginStylePostChangesNothing() {
        try (ApiFixture api = ApiFixture.start()) {
            // What a web page can make a browser send without a preflight: text/plain, a form.
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")) {
                HttpResponse<String> answer = api.send("POST", "/v1/nodes", nodeJson("n1"), "Content-Type", type);
                assertThat(answer.statusCode()).as(type).isEqualTo(415);
                assertThat(answer.body()).contains("UnsupportedMediaType").contains("application/json");
            }
            HttpResponse<String> volume =
                    api.send("POST", "/v1/volumes", "{\"name\":\"v\",\"size\":\"1Mi\"}", "Content-Type", "text/plain");
            assertThat(volume.statusCode()).isEqualTo(415);
            assertThat(api.store.list(Kind.NODE)).isEmpty();
            assertThat(api.store.list(Kind.VOLUME)).isEmpty();

            assertThat(api.send("POST", "/v1/nodes", nodeJson("n1"), "Content-Type", "application/json; charset=utf-8")
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void forwardedHeadersFromATrustedProxyMakeTheLocationTheClientsUrl() {
        try (ApiFixture api = ApiFixture.trusting(new TrustedProxies(List.of("127.0.0.0/8")))) {
            HttpResponse<String> direct = api.send("POST", "/v1/nodes", nodeJson("n1"));
            assertThat(direct.headers().firstValue("location")).contains(api.url() + "/v1/nodes/n1");

            HttpResponse<String> proxied = api.send(
                    "POST",
                    "/v1/nodes",
                    nodeJson("n2"),
                    "X-Forwarded-Proto",
                    "https",
                    "X-Forwarded-Host",
                    "storage.example.com",
                    "X-Forwarded-For",
                    "203.0.113.7");
            assertThat(proxied.statusCode()).isEqualTo(201);
            assertThat(proxied.headers().firstValue("location")).contains("https://storage.example.com/v1/nodes/n2");

            HttpResponse<String> withPort = api.send(
                    "POST",
                    "/v1/nodes",
                    nodeJson("n3"),
                    "X-Forwarded-Proto",
                    "https",
                    "X-Forwarded-Host",
                    "storage.example.com:8443");
            assertThat(withPort.headers().firstValue("location"))
                    .contains("https://storage.example.com:8443/v1/nodes/n3");
        }
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        try (ApiFixture api = ApiFixture.trusting(new TrustedProxies(List.of("10.0.0.0/8", "fd00::/8")))) {
            HttpResponse<String> spoofed = api.send(
                    "POST",
                    "/v1/nodes",
                    nodeJson("n1"),
                    "X-Forwarded-Proto",
                    "https",
                    "X-Forwarded-Host",
                    "evil.example",
                    "X-Forwarded-For",
                    "203.0.113.7");
            assertThat(spoofed.statusCode()).isEqualTo(201);
            assertThat(spoofed.headers().firstValue("location")).contains(api.url() + "/v1/nodes/n1");
        }
    }

    @Test
    void trustedProxiesMustBeAddressesOrBlocks() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example.com")))
                .hasMessageContaining("not an IP address or CIDR block");
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
        TrustedProxies proxies = new TrustedProxies(List.of("192.168.4.0/22", "2001:db8::1"));
        assertThat(proxies.trusts("192.168.7.255")).isTrue();
        assertThat(proxies.trusts("192.168.8.1")).isFalse();
        assertThat(proxies.trusts("2001:db8::1")).isTrue();
        assertThat(proxies.trusts("2001:db8::2")).isFalse();
        assertThat(proxies.trusts("not-an-address")).isFalse();
    }

    @Test
    void aFailureAnswers500WithAnIncidentAndNoExceptionText(@TempDir Path dir) {
        Vertx vertx = Vertx.vertx();
        try (SqliteStore real = SqliteStore.open(dir.resolve("state.db"))) {
            // A store whose listing fails the way a broken disk would, with a message full of internals.
            Store failing = (Store) Proxy.newProxyInstance(
                    Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                        if (method.getName().equals("list")) {
                            throw new IllegalStateException("read of /var/lib/corral/state.db page 7 failed");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            ApiServer server = ApiServer.start(vertx, ApiConfig.of("127.0.0.1", 0), failing)
                    .join();
            try {
                HttpResponse<String> answer = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(server.url() + "/v1/nodes"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body())
                        .contains("\"code\":\"Internal\"")
                        .containsPattern("failed to handle GET /v1/nodes \\(incident [0-9a-f]{8};")
                        .doesNotContain("IllegalStateException")
                        .doesNotContain("/var/lib")
                        .doesNotContain("page 7");
            } finally {
                server.close();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void aClosedStoreAnswers503WithoutItsPath() {
        try (ApiFixture api = ApiFixture.start()) {
            api.store.close();
            HttpResponse<String> answer = api.send("GET", "/v1/nodes", null);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("Unavailable").doesNotContain("state.db");
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAuthentication(@TempDir Path dir) {
        Vertx vertx = Vertx.vertx();
        try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
            assertThatThrownBy(() -> ApiServer.start(
                                    vertx, new ApiConfig(new HostPort("0.0.0.0", 0), Optional.empty()), store)
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .hasMessageContaining("refusing to serve the API on 0.0.0.0 without authentication");

            ApiServer authenticated = ApiServer.start(
                            vertx,
                            new ApiConfig(new HostPort("0.0.0.0", 0), Optional.of(new Credentials("admin", "s3cret"))),
                            store)
                    .join();
            assertThat(authenticated.port()).isPositive();
            authenticated.close();
            // Client certificates are authentication too: with an identity, no password is needed.
            ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
            ApiServer certified = ApiServer.start(
                            vertx,
                            new ApiConfig(new HostPort("0.0.0.0", 0), Optional.empty())
                                    .withTls(NodeScopeTest.identity(authority, Principal.controlPlane())),
                            store)
                    .join();
            assertThat(certified.port()).isPositive();
            certified.close();
            ApiServer.start(vertx, ApiConfig.of("127.0.0.1", 0), store).join().close();
        } finally {
            vertx.close().await();
        }
    }
}
