package dev.corral.engine.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corral.engine.control.ControlMessages.AddReplicaRequest;
import dev.corral.engine.control.ControlMessages.ErrorBody;
import dev.corral.engine.control.ControlMessages.ExpandRequest;
import dev.corral.engine.control.ControlMessages.SnapshotName;
import dev.corral.engine.control.ControlRefusal.Reason;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.http.Incidents;
import dev.corral.engine.http.JsonContent;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone controller's HTTP/JSON control API ({@code corral engine controller}): a router
 * over {@link EngineControl}. In a cluster no engine serves this; the node's API serves the same
 * operations for every engine it hosts. Handlers only read memory or start asynchronous work, so
 * they never block the event loop.
 */
public final class ControlApi implements AutoCloseable {
    private static final int BODY_LIMIT = 64 * 1024;

    private final HttpServer server;

    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    private ControlApi(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code bind}, which must be a loopback address: this API has no authentication (in
     * a cluster the node's API, with mutual TLS, serves engines; this one is the standalone
     * engine's), so anyone reaching it could stop or redirect the volume.
     */
    public static CompletableFuture<ControlApi> start(Vertx vertx, HostPort bind, EngineControl engine) {
        return start(vertx, bind, engine, HttpTimeouts.DEFAULT);
    }

    /** Like {@link #start(Vertx, HostPort, EngineControl)}, with how long a client may stall. */
    public static CompletableFuture<ControlApi> start(
            Vertx vertx, HostPort bind, EngineControl engine, HttpTimeouts timeouts) {
        if (!HostPort.isLoopback(bind.host())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to serve the engine's control"
                    + " API on " + bind.host() + ": it has no authentication, so anyone reaching that address could"
                    + " stop or redirect the volume; listen on a loopback address (127.0.0.1)"));
        }
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        // A web page can make a browser POST text/plain or a form anywhere without asking first;
        // it cannot send application/json cross-origin without a preflight, which is never granted.
        // On every route rather than router.post(): a POST-only route would turn every other 404 into 405.
        router.route().handler(ctx -> {
            if (ctx.request().method() == HttpMethod.POST
                    && !JsonContent.isJson(ctx.request().getHeader("content-type"))) {
                refuse(ctx, 415, Reason.INVALID, "a POST must carry Content-Type: application/json");
            } else {
                ctx.next();
            }
        });
        router.get("/v1/volume").handler(ctx -> json(ctx, 200, engine.view()));
        router.get("/v1/replicas").handler(ctx -> json(ctx, 200, engine.replicas()));
        router.get("/v1/stats").handler(ctx -> json(ctx, 200, engine.stats()));
        router.get("/v1/rebuild")
                .handler(ctx -> answer(
                        ctx,
                        200,
                        () -> engine.rebuild()
                                .map(CompletableFuture::completedFuture)
                                .orElseGet(() -> CompletableFuture.failedFuture(
                                        new ControlRefusal(Reason.NOT_FOUND, "no rebuild has run")))));
        router.post("/v1/replicas")
                .handler(ctx -> answer(ctx, 202, () -> {
                    AddReplicaRequest request = body(ctx, AddReplicaRequest.class);
                    return engine.addReplica(request.address(), request.bandwidthLimit());
                }));
        router.delete("/v1/replicas/:address")
                .handler(ctx -> answer(ctx, 204, () -> engine.removeReplica(ctx.pathParam("address"))));
        router.get("/v1/snapshots").handler(ctx -> answer(ctx, 200, engine::snapshots));
        router.post("/v1/snapshots")
                .handler(ctx -> answer(ctx, 201, () -> {
                    String name = body(ctx, SnapshotName.class).name();
                    return engine.createSnapshot(name).thenApply(ok -> new SnapshotName(name));
                }));
        router.delete("/v1/snapshots/:name")
                .handler(ctx -> answer(ctx, 204, () -> engine.deleteSnapshot(ctx.pathParam("name"))));
        router.post("/v1/actions/purge").handler(ctx -> answer(ctx, 204, engine::purgeSnapshots));
        router.post("/v1/actions/revert")
                .handler(ctx -> answer(
                        ctx,
                        204,
                        () -> engine.revert(body(ctx, SnapshotName.class).name())));
        router.post("/v1/actions/expand")
                .handler(ctx -> answer(
                        ctx,
                        204,
                        () -> engine.expand(body(ctx, ExpandRequest.class).size())));
        // Refusals of the router itself keep their own statuses; the code says which kind they are.
        router.errorHandler(
                404,
                ctx -> refuse(
                        ctx,
                        404,
                        Reason.NOT_FOUND,
                        "no such resource: " + ctx.request().path()));
        router.errorHandler(
                405,
                ctx -> refuse(
                        ctx,
                        405,
                        Reason.INVALID,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path()));
        router.errorHandler(413, ctx -> refuse(ctx, 413, Reason.INVALID, "request body is larger than 64 KiB"));
        router.errorHandler(500, ctx -> {
            // The cause goes to the log, not to the caller: exception text can tell a stranger much.
            String incident = Incidents.next();
            LOG.error(
                    "control API request {} {} failed (incident {})",
                    ctx.request().method(),
                    ctx.request().path(),
                    incident,
                    ctx.failure());
            refuse(ctx, 500, Reason.UNAVAILABLE, "internal error in the engine; see its log for incident " + incident);
        });
        return timeouts.guard(vertx.createHttpServer(timeouts.applyTo(new HttpServerOptions())))
                .requestHandler(router)
                .listen(bind.port(), bind.host())
                .map(ControlApi::new)
                .toCompletionStage()
                .toCompletableFuture();
    }

    public int port() {
        return server.actualPort();
    }

    /** The one mapping of refusals to HTTP statuses of this API. */
    static int status(Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    /** The JSON body as {@code type}; an INVALID refusal when it is not such an object. */
    private static <T> T body(RoutingContext ctx, Class<T> type) {
        String text = ctx.body().asString();
        try {
            T value = text == null || text.isBlank() ? null : Json.mapper().readValue(text, type);
            if (value != null) {
                return value;
            }
        } catch (JsonProcessingException e) {
            throw new ControlRefusal(
                    Reason.INVALID,
                    "request body must be a JSON object with " + fields(type) + ": " + e.getOriginalMessage());
        }
        throw new ControlRefusal(Reason.INVALID, "request body must be a JSON object with " + fields(type));
    }

    private static String fields(Class<?> type) {
        StringBuilder names = new StringBuilder("{");
        for (var component : type.getRecordComponents()) {
            names.append(names.length() > 1 ? ", " : "").append(component.getName());
        }
        return names.append('}').toString();
    }

    /** Answers {@code status} with the operation's result, or the refusal's status and reason. */
    private static void answer(RoutingContext ctx, int status, Supplier<CompletableFuture<?>> operation) {
        CompletableFuture<?> result;
        try {
            result = operation.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                ControlRefusal refusal = ControlRefusal.of(failure);
                refuse(ctx, status(refusal.reason()), refusal.reason(), refusal.getMessage());
            } else if (value == null) {
                ctx.response().setStatusCode(status).end();
            } else {
                json(ctx, status, value);
            }
        });
    }

    private static void refuse(RoutingContext ctx, int status, Reason reason, String message) {
        json(ctx, status, new ErrorBody(message, reason));
    }

    private static void json(RoutingContext ctx, int status, Object body) {
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
