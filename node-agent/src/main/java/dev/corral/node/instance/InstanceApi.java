package dev.corral.node.instance;

import static dev.corral.node.instance.Answers.answer;
import static dev.corral.node.instance.Answers.body;
import static dev.corral.node.instance.Answers.json;
import static dev.corral.node.instance.Answers.refuse;

import dev.corral.api.node.EngineRequest;
import dev.corral.api.node.NodeHealth;
import dev.corral.api.node.ReplicaRequest;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.v1.ErrorCode;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.util.HostPort;
import dev.corral.node.instance.Answers.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The node's API ({@code dev.corral.api.node}), served by the instance process: start and stop
 * replica servers and engines, report them, and every operation on a running engine ({@link
 * EngineRoutes}). It is the node's only control listener: the engines it hosts open none. Handlers
 * hand every blocking step to the hosts, which run it off the event loop.
 */
final class InstanceApi implements AutoCloseable {
    private static final int BODY_LIMIT = 64 * 1024;

    private final HttpServer server;

    private InstanceApi(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code bind}: with the node's identity over mutual TLS, letting in only the control
     * plane and this node ({@link InstanceAccess}, first on every route); without one plain http,
     * on loopback only ({@link InstanceListener}).
     */
    static CompletableFuture<InstanceApi> start(
            Vertx vertx,
            HostPort bind,
            Optional<ClusterIdentity> identity,
            HttpTimeouts timeouts,
            ReplicaHost replicas,
            EngineHost engines) {
        try {
            InstanceListener.check(bind.host(), identity);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Router router = Router.router(vertx);
        // Before the body is read: a refused caller's request is never looked at.
        identity.ifPresent(id -> router.route().handler(new InstanceAccess(id.principal())));
        router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        router.get("/v1/health")
                .handler(ctx -> json(
                        ctx,
                        200,
                        new NodeHealth("ok", ProcessHandle.current().pid(), replicas.count(), engines.count())));

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
        EngineRoutes.register(router, engines);

        router.errorHandler(
                404,
                ctx -> refuse(
                        ctx,
                        ErrorCode.NotFound,
                        "no such resource: " + ctx.request().path()));
        router.errorHandler(
                405,
                ctx -> refuse(
                        ctx,
                        ErrorCode.MethodNotAllowed,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path()));
        router.errorHandler(413, ctx -> refuse(ctx, ErrorCode.PayloadTooLarge, "request body is larger than 64 KiB"));
        router.errorHandler(500, ctx -> Answers.internal(ctx, ctx.failure()));
        return timeouts.guard(vertx.createHttpServer(timeouts.applyTo(InstanceListener.options(identity))))
                .requestHandler(router)
                .listen(bind.port(), bind.host())
                .map(InstanceApi::new)
                .toCompletionStage()
                .toCompletableFuture();
    }

    int port() {
        return server.actualPort();
    }

    private static Reply gone(boolean existed, String what) {
        if (!existed) {
            throw InstanceException.notFound(what + " does not run here");
        }
        return Reply.noContent();
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
