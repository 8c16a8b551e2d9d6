package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Store;
import dev.corral.api.v1.ErrorCode;
import dev.corral.engine.util.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What only a volume's engine knows: its snapshots (they live in its replicas) and its live I/O
 * rates. These routes find the volume's running engine and forward to the engine's control API.
 * The store lookup runs on a worker thread, the forwarded request on the event loop.
 */
final class EngineProxy implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 60_000;
    private static final long STATS_TIMEOUT_MILLIS = 2_000;
    private static final String SNAPSHOTS = "/v1/snapshots";

    /** @param items the engine's layer tree, oldest first: user and system snapshots and the head */
    record SnapshotList(String volume, JsonNode items) {}

    record SnapshotCreated(String volume, String name) {}

    record SnapshotReverted(String volume, String snapshot) {}

    private final Store store;
    private final HttpClientAgent http;

    EngineProxy(Vertx vertx, Store store) {
        this.store = store;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    }

    void listSnapshots(RoutingContext ctx, String volume) {
        forward(ctx, volume, HttpMethod.GET, SNAPSHOTS, null).onComplete(done -> {
            if (done.failed()) {
                Replies.fail(ctx, done.cause());
                return;
            }
            JsonNode items = parse(done.result());
            Replies.send(ctx, Reply.ok(new SnapshotList(volume, items)));
        });
    }

    /** Body {@code {"name": ...}}; without a name the snapshot gets a generated one. */
    void createSnapshot(RoutingContext ctx, String volume) {
        JsonNode body;
        String name;
        try {
            body = RequestBodies.object(ctx);
            name = body.has("name") ? RequestBodies.text(body, "name") : "snap-" + UUID.randomUUID();
        } catch (ApiException e) {
            Replies.fail(ctx, e);
            return;
        }
        forward(ctx, volume, HttpMethod.POST, SNAPSHOTS, ResourceJson.write(Map.of("name", name)))
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, new Reply(201, new SnapshotCreated(volume, name), null));
                    }
                });
    }

    void deleteSnapshot(RoutingContext ctx, String volume, String snapshot) {
        forward(
                        ctx,
                        volume,
                        HttpMethod.DELETE,
                        SNAPSHOTS + "/" + URLEncoder.encode(snapshot, StandardCharsets.UTF_8),
                        null)
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, Reply.noContent());
                    }
                });
    }

    /**
     * Makes the volume read as {@code snapshot} again. The engine refuses while a client has the
     * volume open (the data would change under it); the refusal reaches the caller as 409.
     */
    void revertSnapshot(RoutingContext ctx, String volume, String snapshot) {
        forward(ctx, volume, HttpMethod.POST, "/v1/actions/revert", ResourceJson.write(Map.of("name", snapshot)))
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, Reply.ok(new SnapshotReverted(volume, snapshot)));
                    }
                });
    }

    /** The engine's live statistics: rates over the last second, latency percentiles, totals. */
    void stats(RoutingContext ctx, String volume) {
        forward(ctx, volume, HttpMethod.GET, "/v1/stats", null).onComplete(done -> {
            if (done.failed()) {
                Replies.fail(ctx, done.cause());
            } else {
                try {
                    Replies.send(ctx, Reply.ok(EngineStats.volumeIo(volume, parse(done.result()))));
                } catch (RuntimeException e) {
                    Replies.fail(
                            ctx,
                            new ApiException(
                                    ErrorCode.Unavailable,
                                    "engine of volume " + volume + " sent statistics this API cannot read: "
                                            + Failures.rootMessage(e)));
                }
            }
        });
    }

    /**
     * The cluster's I/O now: every running engine asked at once, the rates summed. An engine that
     * does not answer within two seconds is named rather than failing the whole answer.
     */
    void clusterStats(RoutingContext ctx) {
        ctx.vertx()
                .executeBlocking(this::runningEngines, false)
                .compose(engines -> {
                    List<Future<JsonNode>> asked = engines.values().stream()
                            .map(url -> get(url + "/v1/stats", STATS_TIMEOUT_MILLIS)
                                    .map(EngineProxy::parse)
                                    .otherwise((JsonNode) null))
                            .toList();
                    return Future.join(asked)
                            .transform(ignored -> Future.succeededFuture(EngineStats.sum(
                                    List.copyOf(engines.keySet()),
                                    asked.stream().map(f -> f.result()).toList())));
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, Reply.ok(done.result()));
                    }
                });
    }

    private Future<Buffer> get(String url, long timeoutMillis) {
        return http.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setAbsoluteURI(url)
                        .setTimeout(timeoutMillis))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() < 300
                        ? response.body()
                        : Future.failedFuture("engine answered " + response.statusCode()));
    }

    /** Control URLs of the running engines, by volume name. */
    private Map<String, String> runningEngines() {
        Map<String, String> urls = new TreeMap<>();
        for (Engine engine : store.list(Kind.ENGINE)) {
            if (engine.status().currentState() == InstanceState.RUNNING
                    && !engine.status().controlUrl().isEmpty()) {
                urls.putIfAbsent(
                        engine.spec().volumeName(), stripSlash(engine.status().controlUrl()));
            }
        }
        return urls;
    }

    /** The engine's answer body on success; its refusal as an {@link ApiException}. */
    private Future<Buffer> forward(RoutingContext ctx, String volume, HttpMethod method, String path, String body) {
        return ctx.vertx()
                .executeBlocking(() -> controlUrl(volume), false)
                .compose(url -> http.request(new RequestOptions()
                                .setMethod(method)
                                .setAbsoluteURI(url + path)
                                .setTimeout(TIMEOUT_MILLIS)
                                .putHeader("content-type", "application/json"))
                        .compose(request -> body == null ? request.send() : request.send(body))
                        .compose(response -> response.body().compose(answer -> {
                            if (response.statusCode() < 300) {
                                return Future.succeededFuture(answer);
                            }
                            return Future.failedFuture(refusal(volume, response.statusCode(), answer));
                        }))
                        .recover(failure -> Future.failedFuture(
                                failure instanceof ApiException
                                        ? failure
                                        : new ApiException(
                                                ErrorCode.Unavailable,
                                                "cannot reach the engine of volume " + volume + " at " + url + ": "
                                                        + Failures.rootMessage(failure)))));
    }

    /**
     * The control API of the volume's running engine. A volume that is not attached has none
     * (409): its snapshots can be handled once it is attached again.
     */
    private String controlUrl(String name) {
        Volume volume = Modify.get(store, Kind.VOLUME, name);
        String node = volume.spec().nodeId();
        if (node.isEmpty()) {
            throw ApiException.conflict("volume " + name + " is not attached; snapshots are handled by its engine, "
                    + "which runs while it is attached");
        }
        return store.list(Kind.ENGINE).stream()
                .filter(e -> e.spec().volumeName().equals(name))
                .filter(e -> e.status().currentState() == InstanceState.RUNNING
                        && !e.status().controlUrl().isEmpty())
                // The engine on the node asked for, if a move left two behind.
                .min(Comparator.comparing((Engine e) -> !node.equals(e.spec().nodeId())))
                .map(e -> stripSlash(e.status().controlUrl()))
                .orElseThrow(() -> ApiException.conflict(
                        "volume " + name + " is attaching on node " + node + "; its engine is not running yet"));
    }

    private static ApiException refusal(String volume, int status, Buffer answer) {
        String reason = parse(answer).path("error").asText(answer.toString());
        String text = "engine of volume " + volume + ": " + reason;
        return switch (status) {
            case 400 -> ApiException.badRequest(text);
            case 404 -> ApiException.notFound(text);
            case 409 -> ApiException.conflict(text);
            default -> new ApiException(ErrorCode.Unavailable, text);
        };
    }

    private static JsonNode parse(Buffer answer) {
        try {
            return ResourceJson.mapper().readTree(answer.toString());
        } catch (Exception e) {
            return ResourceJson.mapper().createObjectNode();
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        http.close();
    }
}
