package dev.corral.controlplane.server;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.store.Store;
import dev.corral.api.v1.Credentials;
import dev.corral.controlplane.store.SqliteStore;
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
import java.util.stream.Stream;

/** An API server on loopback over a fresh SQLite store in a temporary directory, and plain HTTP requests to it. */
public final class ApiFixture implements AutoCloseable {
    public final Vertx vertx =
            Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
    private final Path dir = createTempDirectory();
    public final Store store = SqliteStore.open(dir.resolve("state.db"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final Optional<Credentials> credentials;
    private final Duration heartbeat;
    private ApiServer server;
    private int port;

    private final TrustedProxies proxies;

    private ApiFixture(Optional<Credentials> credentials, Duration heartbeat, TrustedProxies proxies) {
        this.credentials = credentials;
        this.heartbeat = heartbeat;
        this.proxies = proxies;
    }

    public static ApiFixture start() {
        return start(Optional.empty(), EventStreams.HEARTBEAT);
    }

    public static ApiFixture start(Optional<Credentials> credentials, Duration heartbeat) {
        return start(credentials, heartbeat, TrustedProxies.NONE);
    }

    /** A server that believes X-Forwarded-* headers from {@code proxies}. */
    public static ApiFixture trusting(TrustedProxies proxies) {
        return start(Optional.empty(), EventStreams.HEARTBEAT, proxies);
    }

    private static ApiFixture start(Optional<Credentials> credentials, Duration heartbeat, TrustedProxies proxies) {
        ApiFixture fixture = new ApiFixture(credentials, heartbeat, proxies);
        fixture.listen(0);
        return fixture;
    }

    private void listen(int onPort) {
        server = ApiServer.start(
                        vertx,
                        new ApiConfig(new HostPort("127.0.0.1", onPort), credentials, proxies),
                        store,
                        heartbeat,
                        Clock.systemUTC())
                .join();
        port = server.port();
    }

    public ApiServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    /** The endpoint with the server's credentials, if it has any. */
    public ApiEndpoint endpoint() {
        return new ApiEndpoint(URI.create(url()), credentials);
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
