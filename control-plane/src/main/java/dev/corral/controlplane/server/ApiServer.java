package dev.corral.controlplane.server;

import dev.corral.api.node.NodeTransport;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Identity;
import dev.corral.api.store.Store;
import dev.corral.engine.util.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's HTTP API over a {@link Store}: every resource kind under {@code /v1/{plural}},
 * the checked volume and node actions, snapshots through the volume's engine, and the store's
 * watch as server-sent events. See docs/api.md. The caller owns {@code vertx} and the store.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final Router router;
    private final EventStreams events;
    private final String host;
    private final String scheme;

    private ApiServer(HttpServer server, Router router, EventStreams events, String host, String scheme) {
        this.scheme = scheme;
        this.server = server;
        this.router = router;
        this.events = events;
        this.host = host;
    }

    /**
     * Creates the default Settings object when the store has none, then listens.
     *
     * @return completes once the server listens; fails when it cannot (the port is taken)
     */
    public static CompletableFuture<ApiServer> start(Vertx vertx, ApiConfig config, Store store) {
        return start(vertx, config, store, EventStreams.HEARTBEAT, Clock.systemUTC());
    }

    static CompletableFuture<ApiServer> start(
            Vertx vertx, ApiConfig config, Store store, Duration heartbeat, Clock clock) {
        if (config.credentials().isEmpty()
                && config.tls().isEmpty()
                && !HostPort.isLoopback(config.listen().host())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to serve the API on "
                    + config.listen().host() + " without authentication: anyone who reaches that address would"
                    + " own every volume; give --credentials FILE or --identity DIR (then clients authenticate"
                    + " with certificates of the cluster's authority), or listen on a loopback address"));
        }
        EventStreams events = new EventStreams(store, heartbeat, config.maxEventStreamsPerCaller());
        // The control plane calls nodes' APIs with its own identity when it has one.
        EngineProxy engines =
                new EngineProxy(store, NodeTransport.of(config.tls().map(ClusterIdentity::clientContext)));
        Router router = ApiRoutes.build(vertx, config, store, engines, events, clock);
        HostPort listen = config.listen();
        Future<ApiServer> started = vertx.executeBlocking(() -> new VolumeActions(store, clock).settings())
                .compose(settings -> config.timeouts()
                        .guard(vertx.createHttpServer(serverOptions(config)))
                        .requestHandler(router)
                        .listen(listen.port(), listen.host()))
                .map(server -> new ApiServer(
                        server, router, events, listen.host(), config.tls().isPresent() ? "https" : "http"))
                .onSuccess(api -> log.info(
                        "API listening on {}{}{}",
                        api.url(),
                        config.credentials().isPresent() ? " (basic authentication)" : "",
                        config.tls().isPresent() ? " (client certificates of the cluster's authority)" : ""));
        return started.toCompletionStage().toCompletableFuture();
    }

    /**
     * https with the configured identity (TLS 1.3 only), or plain http. Client certificates are
     * asked for, not required (an operator may use the password instead); one of another
     * authority fails the handshake.
     */
    private static HttpServerOptions serverOptions(ApiConfig config) {
        HttpServerOptions options = config.timeouts().applyTo(new HttpServerOptions());
        if (config.tls().isPresent()) {
            ClusterIdentity tls = config.tls().get();
            Identity identity = tls.identity();
            try {
                options.setSsl(true)
                        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .addKeyValue(Buffer.buffer(identity.keyPem()))
                                .addCertValue(Buffer.buffer(identity.chainPem())))
                        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.authorityPem())))
                        .setClientAuth(ClientAuth.REQUEST);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode the API's TLS identity", e);
            }
        }
        return options;
    }

    public int port() {
        return server.actualPort();
    }

    /** The URL clients on this machine reach the API at (a wildcard bind is named as loopback). */
    public String url() {
        String shown = switch (host) {
            case "0.0.0.0", "::", "0:0:0:0:0:0:0:0" -> "127.0.0.1";
            default -> host;
        };
        return scheme + "://" + new HostPort(shown, port());
    }

    /** The event streams open now. */
    public int eventStreams() {
        return events.open();
    }

    /** "GET /v1/volumes/{name}" for every route answered, in OpenAPI's path spelling. */
    List<String> routes() {
        return router.getRoutes().stream()
                .filter(r -> r.getPath() != null
                        && r.methods() != null
                        && !r.methods().isEmpty())
                .flatMap(ApiServer::describe)
                .distinct()
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static Stream<String> describe(Route route) {
        String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
        return route.methods().stream().map(m -> m.name() + " " + path);
    }

    /**
     * Ends the event streams and stops listening; the store is left open. Blocks until done, so
     * it must not be called on one of {@code vertx}'s event-loop threads.
     */
    @Override
    public void close() {
        events.close();
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
