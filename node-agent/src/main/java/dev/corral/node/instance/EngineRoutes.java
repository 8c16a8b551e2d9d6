package dev.corral.node.instance;

import static dev.corral.node.instance.Answers.answer;
import static dev.corral.node.instance.Answers.body;

import dev.corral.api.node.AddReplicaRequest;
import dev.corral.api.node.ExpandRequest;
import dev.corral.api.node.SnapshotRequest;
import dev.corral.engine.control.EngineControl;
import dev.corral.node.instance.Answers.Reply;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The node API's operations on one running engine, {@code /v1/engines/{volume}/...}: each finds
 * the volume's engine (NotFound when none serves here) and calls its {@code EngineControl}, whose
 * records {@link EngineViews} turns into the API's types.
 */
final class EngineRoutes {
    private EngineRoutes() {}

    static void register(Router router, EngineHost engines) {
        router.post("/v1/engines/:volume/replicas")
                .handler(ctx -> on(ctx, engines, engine -> {
                    AddReplicaRequest request = body(ctx, AddReplicaRequest.class, "{address, bandwidthLimit?}");
                    return engine.addReplica(request.address(), request.bandwidthLimit())
                            .thenApply(status -> new Reply(202, EngineViews.rebuild(status)));
                }));
        router.delete("/v1/engines/:volume/replicas/:address")
                .handler(ctx -> on(
                        ctx,
                        engines,
                        engine -> engine.removeReplica(ctx.pathParam("address")).thenApply(ok -> Reply.noContent())));
        router.post("/v1/engines/:volume/expand")
                .handler(ctx -> on(
                        ctx,
                        engines,
                        engine -> engine.expand(
                                        body(ctx, ExpandRequest.class, "{size}").size())
                                .thenApply(ok -> Reply.noContent())));
        router.get("/v1/engines/:volume/stats")
                .handler(ctx -> on(
                        ctx,
                        engines,
                        engine -> CompletableFuture.completedFuture(
                                new Reply(200, EngineViews.io(engine.name(), engine.stats())))));
        router.get("/v1/engines/:volume/snapshots")
                .handler(ctx -> on(
                        ctx,
                        engines,
                        engine ->
                                engine.snapshots().thenApply(layers -> new Reply(200, EngineViews.snapshots(layers)))));
        router.post("/v1/engines/:volume/snapshots")
                .handler(ctx -> on(ctx, engines, engine -> {
                    String name = body(ctx, SnapshotRequest.class, "{name}").name();
                    return engine.createSnapshot(name).thenApply(ok -> new Reply(201, new SnapshotRequest(name)));
                }));
        router.delete("/v1/engines/:volume/snapshots/:name")
                .handler(ctx -> on(
                        ctx,
                        engines,
                        engine -> engine.deleteSnapshot(ctx.pathParam("name")).thenApply(ok -> Reply.noContent())));
        router.post("/v1/engines/:volume/snapshots/:name/revert")
                .handler(ctx -> on(
                        ctx,
                        engines,
                        engine -> engine.revert(ctx.pathParam("name")).thenApply(ok -> Reply.noContent())));
        router.post("/v1/engines/:volume/purge")
                .handler(ctx ->
                        on(ctx, engines, engine -> engine.purgeSnapshots().thenApply(ok -> Reply.noContent())));
    }

    private static void on(
            RoutingContext ctx, EngineHost engines, Function<EngineControl, CompletableFuture<Reply>> operation) {
        answer(ctx, () -> operation.apply(engines.control(ctx.pathParam("volume"))));
    }
}
