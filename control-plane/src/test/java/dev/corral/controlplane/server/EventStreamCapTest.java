package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.security.TlsContexts;
import dev.corral.api.v1.Credentials;
import dev.corral.engine.testsupport.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event streams are capped per authenticated caller: one more is 429 with a reason, and nothing leaks. */
class EventStreamCapTest {
    private static final Credentials ADMIN = new Credentials("admin", "correct horse battery");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
    private ApiFixture api;
    private HttpClient admin;
    private HttpClient node1;

    @BeforeEach
    void start() {
        api = ApiFixture.withTls(
                Optional.of(ADMIN),
                NodeScopeTest.identity(authority, Principal.controlPlane()),
                config -> config.withMaxEventStreamsPerCaller(2));
        admin = HttpClient.newBuilder()
                .sslContext(TlsContexts.client(authority.certificate(), Optional.empty()))
                .build();
        ClusterIdentity node = NodeScopeTest.identity(authority, Principal.node("node-1"));
        node1 = HttpClient.newBuilder().sslContext(node.clientContext()).build();
    }

    @AfterEach
    void stop() {
        // Not close(): that waits for every exchange, and a stream left open by a failure never ends.
        admin.shutdownNow();
        node1.shutdownNow();
        api.close();
    }

    @Test
    void oneStreamOverTheCallersCapIsRefusedWith429AndOthersAreNotCounted() throws Exception {
        HttpResponse<InputStream> first = events(admin, true);
        HttpResponse<InputStream> second = events(admin, true);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);

        HttpResponse<InputStream> third = events(admin, true);
        assertThat(third.statusCode()).isEqualTo(429);
        String refusal = body(third);
        assertThat(refusal)
                .contains("\"code\":\"TooManyRequests\"")
                .contains("the caller admin admin already has 2 event streams open");

        // Another principal has a cap of its own.
        HttpResponse<InputStream> ofNode = events(node1, false);
        assertThat(ofNode.statusCode()).isEqualTo(200);
        Await.until(WAIT, "three streams served", () -> api.server().eventStreams() == 3);

        // A stream closed gives its place back; the refused one took none.
        first.body().close();
        Await.until(WAIT, "the closed stream to go", () -> api.server().eventStreams() == 2);
        HttpResponse<InputStream> again = events(admin, true);
        assertThat(again.statusCode()).isEqualTo(200);

        second.body().close();
        again.body().close();
        ofNode.body().close();
        Await.until(WAIT, "every stream to go", () -> api.server().eventStreams() == 0);
    }

    private HttpResponse<InputStream> events(HttpClient client, boolean asAdmin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + "/v1/events?kinds=nodes"))
                .version(HttpClient.Version.HTTP_1_1)
                .GET();
        if (asAdmin) {
            String basic = ADMIN.user() + ":" + ADMIN.password();
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
