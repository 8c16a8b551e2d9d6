package dev.corral.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.util.Failures;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The controller process's HTTP/JSON control API: the volume, its replicas' modes and live I/O
 * statistics. Handlers only read in-memory state, so they never block the event loop.
 */
public final class ControlApi implements AutoCloseable {
    private final HttpServer server;

    private ControlApi(HttpServer server) {
        this.server = server;
    }

    public static CompletableFuture<ControlApi> start(
            Vertx vertx, HostPort bind, VolumeController volume, String nbdUri, IntSupplier attachedClients) {
        Router router = Router.router(vertx);
        router.get("/v1/volume").handler(ctx -> json(ctx, 200, volumeView(volume, nbdUri)));
        router.get("/v1/replicas").handler(ctx -> json(ctx, 200, volume.replicas()));
        router.get("/v1/stats").handler(ctx -> json(ctx, 200, volume.stats().snapshot()));
        router.get("/v1/rebuild")
                .handler(ctx -> volume.rebuildStatus()
                        .ifPresentOrElse(
                                status -> json(ctx, 200, status), () -> json(ctx, 404, error("no rebuild has run"))));
        router.post("/v1/replicas").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/v1/replicas").handler(ctx -> {
            JsonNode body = requestBody(ctx);
            if (body == null) {
                return;
            }
            String address = body.path("address").asText("");
            if (address.isBlank()) {
                json(ctx, 400, error("body needs \"address\": \"HOST:PORT\" of a replica server"));
                return;
            }
            long limit = body.path("bandwidthLimit").asLong(0);
            reply(ctx, 202, volume.addReplica(address, limit));
        });
        router.delete("/v1/replicas/:address")
                .handler(ctx -> reply(
                        ctx, 204, volume.removeReplica(ctx.pathParam("address")).thenApply(ok -> null)));
        router.post("/v1/snapshots").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/v1/snapshots").handler(ctx -> {
            JsonNode body = requestBody(ctx);
            if (body == null) {
                return;
            }
            String snapshot = body.path("name").asText("");
            reply(ctx, 201, volume.snapshots().create(snapshot).thenApply(ok -> Map.of("name", snapshot)));
        });
        router.get("/v1/snapshots")
                .handler(ctx -> reply(ctx, 200, volume.snapshots().list()));
        router.delete("/v1/snapshots/:name")
                .handler(ctx -> reply(
                        ctx,
                        204,
                        volume.snapshots().remove(ctx.pathParam("name")).thenApply(ok -> null)));
        router.post("/v1/actions/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/v1/actions/purge")
                .handler(ctx -> reply(ctx, 204, volume.snapshots().purge()));
        router.post("/v1/actions/revert").handler(ctx -> {
            JsonNode body = requestBody(ctx);
            if (body != null) {
                reply(ctx, 204, volume.snapshots().revert(body.path("name").asText(""), attachedClients.getAsInt()));
            }
        });
        router.post("/v1/actions/expand").handler(ctx -> {
            JsonNode body = requestBody(ctx);
            if (body == null) {
                return;
            }
            if (!body.path("size").canConvertToLong() || body.path("size").asLong() <= 0) {
                json(ctx, 400, error("body needs \"size\": the new size in bytes"));
                return;
            }
            reply(ctx, 204, volume.expand(body.path("size").asLong()));
        });
        router.errorHandler(
                404,
                ctx -> json(ctx, 404, error("no such resource: " + ctx.request().path())));
        router.errorHandler(
                405,
                ctx -> json(
                        ctx,
                        405,
                        error(ctx.request().method() + " is not allowed on "
                                + ctx.request().path())));
        router.errorHandler(500, ctx -> json(ctx, 500, error(String.valueOf(ctx.failure()))));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(bind.port(), bind.host())
                .map(ControlApi::new)
                .toCompletionStage()
                .toCompletableFuture();
    }

    public int port() {
        return server.actualPort();
    }

    private static Map<String, Object> volumeView(VolumeController volume, String nbdUri) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", volume.name());
        view.put("size", volume.size());
        view.put("nbd", nbdUri);
        view.put("replicas", volume.replicas());
        return view;
    }

    /** The JSON body, or null after answering 400 when it is not a JSON object. */
    private static JsonNode requestBody(RoutingContext ctx) {
        try {
            JsonNode body = Json.mapper().readTree(ctx.body().asString());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // answered below
        }
        json(ctx, 400, error("request body must be a JSON object"));
        return null;
    }

    /** Answers when {@code result} completes: a refused request is 400 with the engine's reason. */
    private static void reply(RoutingContext ctx, int status, CompletableFuture<?> result) {
        result.whenComplete((value, failure) -> {
            if (failure == null) {
                if (value == null) {
                    ctx.response().setStatusCode(status).end();
                } else {
                    json(ctx, status, value);
                }
                return;
            }
            int code = BlockIoException.classify(failure) == IoError.INVALID ? 400 : 503;
            json(ctx, code, error(Failures.rootMessage(failure)));
        });
    }

    static Map<String, String> error(String reason) {
        return Map.of("error", reason);
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            text = "{\"error\":\"response could not be encoded\"}";
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(text);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
