package dev.corral.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
            Vertx vertx, HostPort bind, VolumeController volume, String nbdUri) {
        Router router = Router.router(vertx);
        router.get("/v1/volume").handler(ctx -> json(ctx, 200, volumeView(volume, nbdUri)));
        router.get("/v1/replicas").handler(ctx -> json(ctx, 200, volume.replicas()));
        router.get("/v1/stats").handler(ctx -> json(ctx, 200, volume.stats().snapshot()));
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
