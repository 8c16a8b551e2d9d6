package dev.corral.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.agent.model.Engine;
import dev.corral.agent.model.InstanceState;
import dev.corral.agent.model.Kind;
import dev.corral.agent.model.ResourceJson;
import dev.corral.agent.model.Volume;
import dev.corral.agent.store.Store;
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
import java.util.Map;
import java.util.UUID;

/**
 * A volume's snapshots live in its replicas and are handled by its engine, so these routes find
 * the volume's running engine and forward to the engine's control API ({@code /v1/snapshots}).
 * The store lookup runs on a worker thread, the forwarded request on the event loop.
 */
final class SnapshotProxy implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 60_000;

    /** @param items the engine's layer tree, oldest first: user and system snapshots and the head */
    record SnapshotList(String volume, JsonNode items) {}

    record SnapshotCreated(String volume, String name) {}

    private final Store store;
    private final HttpClientAgent http;

    SnapshotProxy(Vertx vertx, Store store) {
        this.store = store;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    }

    void list(RoutingContext ctx, String volume) {
        forward(ctx, volume, HttpMethod.GET, "", null).onComplete(done -> {
            if (done.failed()) {
                Replies.fail(ctx, done.cause());
                return;
            }
            JsonNode items = parse(done.result());
            Replies.send(ctx, Reply.ok(new SnapshotList(volume, items)));
        });
    }

    /** Body {@code {"name": ...}}; without a name the snapshot gets a generated one. */
    void create(RoutingContext ctx, String volume) {
        JsonNode body;
        String name;
        try {
            body = RequestBodies.object(ctx);
            name = body.has("name") ? RequestBodies.text(body, "name") : "snap-" + UUID.randomUUID();
        } catch (ApiException e) {
            Replies.fail(ctx, e);
            return;
        }
        forward(ctx, volume, HttpMethod.POST, "", ResourceJson.write(Map.of("name", name)))
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, new Reply(201, new SnapshotCreated(volume, name), null));
                    }
                });
    }

    void delete(RoutingContext ctx, String volume, String snapshot) {
        forward(ctx, volume, HttpMethod.DELETE, "/" + URLEncoder.encode(snapshot, StandardCharsets.UTF_8), null)
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, Reply.noContent());
                    }
                });
    }

    /** The engine's answer body on success; its refusal as an {@link ApiException}. */
    private Future<Buffer> forward(RoutingContext ctx, String volume, HttpMethod method, String suffix, String body) {
        return ctx.vertx()
                .executeBlocking(() -> controlUrl(volume), false)
                .compose(url -> http.request(new RequestOptions()
                                .setMethod(method)
                                .setAbsoluteURI(url + "/v1/snapshots" + suffix)
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
