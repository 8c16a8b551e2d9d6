package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Volume;
import dev.corral.api.node.NodeCallException;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.NodeTransport;
import dev.corral.api.store.Store;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What only a volume's engine knows: its snapshots (they live in its replicas) and its live I/O
 * rates. These routes find the volume's running engine and call it through the API of the node
 * that hosts it ({@link NodeClient}). The store lookup runs on a worker thread; the node's answer
 * is awaited without blocking the event loop.
 */
final class EngineProxy {
    private static final Duration VOLUME_STATS_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLUSTER_STATS_TIMEOUT = Duration.ofSeconds(2);

    /** @param items the engine's layer tree, oldest first: user and system snapshots and the head */
    record SnapshotList(String volume, List<SnapshotInfo> items) {}

    record SnapshotCreated(String volume, String name) {}

    record SnapshotReverted(String volume, String snapshot) {}

    /** The running engine of a volume: the node API that hosts it. */
    private record Hosted(String volume, NodeClient node) {}

    private final Store store;
    private final NodeTransport nodes;

    /** @param nodes how nodes' APIs are called: with the control plane's identity once it has one */
    EngineProxy(Store store, NodeTransport nodes) {
        this.store = store;
        this.nodes = nodes;
    }

    void listSnapshots(RoutingContext ctx, String volume) {
        forward(
                ctx,
                volume,
                node -> node.snapshots(volume).thenApply(items -> Reply.ok(new SnapshotList(volume, items))));
    }

    /** Body {@code {"name": ...}}; without a name the snapshot gets a generated one. */
    void createSnapshot(RoutingContext ctx, String volume) {
        String name;
        try {
            JsonNode body = RequestBodies.object(ctx);
            name = body.has("name") ? RequestBodies.text(body, "name") : "snap-" + UUID.randomUUID();
        } catch (ApiException e) {
            Replies.fail(ctx, e);
            return;
        }
        forward(
                ctx,
                volume,
                node -> node.createSnapshot(volume, name)
                        .thenApply(ok -> new Reply(201, new SnapshotCreated(volume, name), null)));
    }

    void deleteSnapshot(RoutingContext ctx, String volume, String snapshot) {
        forward(ctx, volume, node -> node.deleteSnapshot(volume, snapshot).thenApply(ok -> Reply.noContent()));
    }

    /**
     * Makes the volume read as {@code snapshot} again. The engine refuses while a client has the
     * volume open (the data would change under it); the refusal reaches the caller as 409.
     */
    void revertSnapshot(RoutingContext ctx, String volume, String snapshot) {
        forward(
                ctx,
                volume,
                node -> node.revertSnapshot(volume, snapshot)
                        .thenApply(ok -> Reply.ok(new SnapshotReverted(volume, snapshot))));
    }

    /** The engine's live statistics: rates over the last second, latency percentiles, totals. */
    void stats(RoutingContext ctx, String volume) {
        forward(ctx, volume, node -> node.stats(volume, VOLUME_STATS_TIMEOUT).thenApply(Reply::ok));
    }

    /**
     * The cluster's I/O now: every running engine asked at once, the rates summed. An engine that
     * does not answer within two seconds is named rather than failing the whole answer.
     */
    void clusterStats(RoutingContext ctx) {
        Context context = ctx.vertx().getOrCreateContext();
        ctx.vertx()
                .executeBlocking(this::runningEngines, false)
                .compose(engines -> {
                    List<CompletableFuture<VolumeIo>> asked = engines.stream()
                            .map(e -> e.node()
                                    .stats(e.volume(), CLUSTER_STATS_TIMEOUT)
                                    .exceptionally(unanswered -> null))
                            .toList();
                    List<String> volumes = engines.stream().map(Hosted::volume).toList();
                    return Future.fromCompletionStage(
                            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
                                    .thenApply(all -> EngineStats.sum(
                                            volumes,
                                            asked.stream()
                                                    .map(CompletableFuture::join)
                                                    .toList())),
                            context);
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, Reply.ok(done.result()));
                    }
                });
    }

    /** Calls the volume's engine through its node and answers; a refusal with the engine's reason. */
    private void forward(RoutingContext ctx, String volume, Function<NodeClient, CompletableFuture<Reply>> call) {
        Context context = ctx.vertx().getOrCreateContext();
        ctx.vertx()
                .executeBlocking(() -> hostOf(volume), false)
                .compose(hosted -> Future.fromCompletionStage(call.apply(hosted.node()), context)
                        .recover(failure -> Future.failedFuture(refusal(hosted, failure))))
                .onComplete(done -> {
                    if (done.failed()) {
                        Replies.fail(ctx, done.cause());
                    } else {
                        Replies.send(ctx, done.result());
                    }
                });
    }

    /** The running engines, by volume name, with the node API of each. */
    private List<Hosted> runningEngines() {
        Map<String, Hosted> byVolume = new TreeMap<>();
        for (Engine engine : store.list(Kind.ENGINE)) {
            if (serving(engine)) {
                byVolume.putIfAbsent(
                        engine.spec().volumeName(),
                        new Hosted(
                                engine.spec().volumeName(),
                                nodes.connect(engine.status().instanceUrl())));
            }
        }
        return List.copyOf(byVolume.values());
    }

    /**
     * The volume's running engine. A volume that is not attached has none (409): its snapshots can
     * be handled once it is attached again.
     */
    private Hosted hostOf(String name) {
        Volume volume = Modify.get(store, Kind.VOLUME, name);
        String node = volume.spec().nodeId();
        if (node.isEmpty()) {
            throw ApiException.conflict("volume " + name + " is not attached; snapshots are handled by its engine, "
                    + "which runs while it is attached");
        }
        return store.list(Kind.ENGINE).stream()
                .filter(e -> e.spec().volumeName().equals(name))
                .filter(EngineProxy::serving)
                // The engine on the node asked for, if a move left two behind.
                .min(Comparator.comparing((Engine e) -> !node.equals(e.spec().nodeId())))
                .map(e -> new Hosted(name, nodes.connect(e.status().instanceUrl())))
                .orElseThrow(() -> ApiException.conflict(
                        "volume " + name + " is attaching on node " + node + "; its engine is not running yet"));
    }

    private static boolean serving(Engine engine) {
        return engine.status().currentState() == InstanceState.RUNNING
                && !engine.status().instanceUrl().isEmpty();
    }

    /** A node's answer as this API's: the engine's refusal keeps its kind, an unreachable node is 503. */
    private static ApiException refusal(Hosted hosted, Throwable failure) {
        NodeCallException e = NodeClient.unwrapped(failure);
        if (e.unreachable()) {
            return new ApiException(
                    ErrorCode.Unavailable,
                    "cannot reach the engine of volume " + hosted.volume() + " at "
                            + hosted.node().url() + ": " + e.reason());
        }
        String text = "engine of volume " + hosted.volume() + ": " + e.reason();
        return switch (e.code()) {
            case BadRequest -> ApiException.badRequest(text);
            case NotFound -> ApiException.notFound(text);
            case Conflict, AlreadyExists -> ApiException.conflict(text);
            default -> new ApiException(ErrorCode.Unavailable, text);
        };
    }
}
