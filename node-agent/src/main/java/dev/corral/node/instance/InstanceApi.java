package dev.corral.node.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.util.Failures;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.Json;
import dev.corral.node.instance.InstanceMessages.AddReplicaRequest;
import dev.corral.node.instance.InstanceMessages.EngineRequest;
import dev.corral.node.instance.InstanceMessages.ErrorBody;
import dev.corral.node.instance.InstanceMessages.ExpandRequest;
import dev.corral.node.instance.InstanceMessages.Health;
import dev.corral.node.instance.InstanceMessages.ReplicaRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance process's HTTP/JSON API, used by the node's agent: start and stop replica servers
 * and engines, report them, and change a running engine's replicas and size. Handlers hand every
 * blocking step to the hosts, which run it off the event loop.
 */
final class InstanceApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceApi.class);
    private static final int BODY_LIMIT = 64 * 1024;

    private final HttpServer server;

    private InstanceApi(HttpServer server) {
        this.server = server;
    }

    static CompletableFuture<InstanceApi> start(Vertx vertx, HostPort bind, ReplicaHost replicas, EngineHost engines) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        router.get("/v1/health")
                .handler(ctx -> json(
                        ctx, 200, new Health("ok", ProcessHandle.current().pid(), replicas.count(), engines.count())));

        router.get("/v1/replicas").handler(ctx -> json(ctx, 200, replicas.list()));
        router.post("/v1/replicas")
                .handler(ctx -> answer(
                        ctx,
                        () -> replicas.start(body(ctx, ReplicaRequest.class, "{name, dir, size}"))
                                .thenApply(started -> new Reply(started.created() ? 201 : 200, started.view()))));
        router.delete("/v1/replicas/:name").handler(ctx -> {
            String name = ctx.pathParam("name");
            boolean purge = "true".equals(ctx.queryParams().get("purge"));
            answer(ctx, () -> replicas.stop(name, purge).thenApply(stopped -> gone(stopped, "replica " + name)));
        });

        router.get("/v1/engines").handler(ctx -> json(ctx, 200, engines.list()));
        router.get("/v1/engines/:volume")
                .handler(ctx -> answer(
                        ctx,
                        () -> CompletableFuture.completedFuture(new Reply(
                                200, engines.running(ctx.pathParam("volume")).view()))));
        router.post("/v1/engines")
                .handler(ctx -> answer(
                        ctx,
                        () -> engines.start(body(ctx, EngineRequest.class, "{volume, size, replicas}"))
                                .thenApply(started -> new Reply(started.created() ? 201 : 200, started.view()))));
        router.delete("/v1/engines/:volume").handler(ctx -> {
            String volume = ctx.pathParam("volume");
            answer(ctx, () -> engines.stop(volume).thenApply(stopped -> gone(stopped, "engine of volume " + volume)));
        });
        router.post("/v1/engines/:volume/replicas")
                .handler(ctx -> answer(
                        ctx,
                        () -> engines.addReplica(
                                        ctx.pathParam("volume"),
                                        body(ctx, AddReplicaRequest.class, "{address}")
                                                .address())
                                .thenApply(status -> new Reply(202, status))));
        router.delete("/v1/engines/:volume/replicas/:address")
                .handler(ctx -> answer(
                        ctx,
                        () -> engines.removeReplica(ctx.pathParam("volume"), ctx.pathParam("address"))
                                .thenApply(ok -> new Reply(204, null))));
        router.post("/v1/engines/:volume/expand")
                .handler(ctx -> answer(
                        ctx,
                        () -> engines.expand(
                                        ctx.pathParam("volume"),
                                        body(ctx, ExpandRequest.class, "{size}").size())
                                .thenApply(ok -> new Reply(204, null))));

        router.errorHandler(
                404,
                ctx -> json(
                        ctx,
                        404,
                        new ErrorBody("no such resource: " + ctx.request().path())));
        router.errorHandler(
                405,
                ctx -> json(
                        ctx,
                        405,
                        new ErrorBody(ctx.request().method() + " is not allowed on "
                                + ctx.request().path())));
        router.errorHandler(413, ctx -> json(ctx, 413, new ErrorBody("request body is larger than 64 KiB")));
        router.errorHandler(500, ctx -> json(ctx, 500, new ErrorBody(String.valueOf(ctx.failure()))));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(bind.port(), bind.host())
                .map(InstanceApi::new)
                .toCompletionStage()
                .toCompletableFuture();
    }

    int port() {
        return server.actualPort();
    }

    private record Reply(int status, Object body) {}

    private static Reply gone(boolean existed, String what) {
        if (!existed) {
            throw InstanceException.notFound(what + " does not run here");
        }
        return new Reply(204, null);
    }

    private static <T> T body(RoutingContext ctx, Class<T> type, String shape) {
        String text = ctx.body().asString();
        try {
            T value = text == null ? null : Json.mapper().readValue(text, type);
            if (value != null) {
                return value;
            }
        } catch (JsonProcessingException e) {
            throw InstanceException.invalid(
                    "request body must be a JSON object " + shape + ": " + e.getOriginalMessage());
        }
        throw InstanceException.invalid("request body must be a JSON object " + shape);
    }

    /** Runs {@code action} and answers with its reply, or with the refusal's status and reason. */
    private static void answer(RoutingContext ctx, Supplier<CompletableFuture<Reply>> action) {
        CompletableFuture<Reply> result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((reply, failure) -> {
            if (failure == null) {
                json(ctx, reply.status(), reply.body());
                return;
            }
            int status = statusOf(failure);
            if (status >= 500) {
                log.warn("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            }
            json(ctx, status, new ErrorBody(Failures.rootMessage(failure)));
        });
    }

    /**
     * A refusal of ours carries its status; the engine's INVALID (a replica already in the volume,
     * a size it cannot take, a directory that is no replica) contradicts what is there: 409.
     */
    private static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InstanceException refused) {
                return refused.httpStatus();
            }
        }
        return BlockIoException.classify(failure) == IoError.INVALID ? 409 : 500;
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        if (body == null) {
            ctx.response().setStatusCode(status).end();
            return;
        }
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
