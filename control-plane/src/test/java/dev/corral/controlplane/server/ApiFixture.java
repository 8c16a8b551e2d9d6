package dev.corral.controlplane.server;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.TlsContexts;
import dev.corral.api.store.Store;
import dev.corral.api.v1.Credentials;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.util.HostPort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An API server on loopback over a fresh SQLite store in a temporary directory, and HTTP requests
 * to it: plain, or https with the control plane's identity.
 */
public final class ApiFixture implements AutoCloseable {
    public final Vertx vertx =
            Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
    private final Path dir = createTempDirectory();
    public final Store store = SqliteStore.open(dir.resolve("state.db"));
    private final HttpClient http;
    private final Optional<Credentials> credentials;
    private final Optional<ClusterIdentity> tls;
    private final Duration heartbeat;
    private UnaryOperator<ApiConfig> configure = UnaryOperator.identity();
    private ApiServer server;
    private int port;

    private final TrustedProxies proxies;

    private ApiFixture(
            Optional<Credentials> credentials,
            Optional<ClusterIdentity> tls,
            Duration heartbeat,
            TrustedProxies proxies) {
        this.credentials = credentials;
        this.tls = tls;
        this.heartbeat = heartbeat;
        this.proxies = proxies;
        HttpClient.Builder builder = HttpClient.newBuilder();
        // The fixture's own requests believe the cluster's authority and present no certificate.
        tls.ifPresent(id -> builder.sslContext(TlsContexts.client(id.authority(), Optional.empty())));
        this.http = builder.build();
    }

    public static ApiFixture start() {
        return start(Optional.empty(), EventStreams.HEARTBEAT);
    }

    public static ApiFixture start(Optional<Credentials> credentials, Duration heartbeat) {
        return start(credentials, heartbeat, TrustedProxies.NONE);
    }

    /** A server with {@code timeouts} on its connections and event-stream heartbeats every {@code heartbeat}. */
    public static ApiFixture withTimeouts(HttpTimeouts timeouts, Duration heartbeat) {
        return configured(config -> config.withTimeouts(timeouts), heartbeat);
    }

    /** A server whose config is the fixture's, changed by {@code configure}. */
    public static ApiFixture configured(UnaryOperator<ApiConfig> configure, Duration heartbeat) {
        ApiFixture fixture = new ApiFixture(Optional.empty(), Optional.empty(), heartbeat, TrustedProxies.NONE);
        fixture.configure = configure;
        fixture.listen(0);
        return fixture;
    }

    /** A server that believes X-Forwarded-* headers from {@code proxies}. */
    public static ApiFixture trusting(TrustedProxies proxies) {
        return start(Optional.empty(), EventStreams.HEARTBEAT, proxies);
    }

    /**
     * https with {@code controlPlane}'s identity: clients authenticate with {@code credentials} (when
     * given) or with certificates of its authority.
     */
    public static ApiFixture withTls(Optional<Credentials> credentials, ClusterIdentity controlPlane) {
        return withTls(credentials, controlPlane, UnaryOperator.identity());
    }

    /** Like {@link #withTls(Optional, ClusterIdentity)}, with the config changed by {@code configure}. */
    public static ApiFixture withTls(
            Optional<Credentials> credentials, ClusterIdentity controlPlane, UnaryOperator<ApiConfig> configure) {
        ApiFixture fixture =
                new ApiFixture(credentials, Optional.of(controlPlane), EventStreams.HEARTBEAT, TrustedProxies.NONE);
        fixture.configure = configure;
        fixture.listen(0);
        return fixture;
    }

    private static ApiFixture start(Optional<Credentials> credentials, Duration heartbeat, TrustedProxies proxies) {
        ApiFixture fixture = new ApiFixture(credentials, Optional.empty(), heartbeat, proxies);
        fixture.listen(0);
        return fixture;
    }

    private void listen(int onPort) {
        ApiConfig config = configure.apply(new ApiConfig(new HostPort("127.0.0.1", onPort), credentials, proxies));
        server = ApiServer.start(vertx, tls.map(config::withTls).orElse(config), store, heartbeat, Clock.systemUTC())
                .join();
        port = server.port();
    }

    public ApiServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    /** The endpoint with the server's credentials, if it has any (and its authority, for https). */
    public ApiEndpoint endpoint() {
        ApiEndpoint endpoint = new ApiEndpoint(URI.create(url()), credentials);
        return tls.map(id -> endpoint.trusting(id.authority())).orElse(endpoint);
    }

    /** The endpoint as a client holding {@code client}'s certificate sees it (https only), without credentials. */
    public ApiEndpoint endpoint(ClusterIdentity client) {
        return new ApiEndpoint(URI.create(url()), Optional.empty()).withIdentity(client);
    }

    /** Stops the server; the store stays. */
    public void stop() {
        server.close();
    }

    /** Listens again on the same port, over the same store. */
    public void restart() {
        listen(port);
    }

    /** A request with the server's credentials (if any); extra headers (name, value, ...) replace them. */
    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        return send(credentials, method, path, body, headers);
    }

    public HttpResponse<String> sendAnonymously(String method, String path) {
        return send(Optional.empty(), method, path, null);
    }

    private HttpResponse<String> send(
            Optional<Credentials> sent, String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        sent.ifPresent(c -> request.header("Authorization", c.authorization()));
        if (body != null || !method.equals("GET") && !method.equals("DELETE")) {
            // As the typed client does: every request that may change state says it is JSON.
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (RuntimeException e) {
            // already stopped by the test
        }
        store.close();
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        deleteRecursively(dir);
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("corral-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
