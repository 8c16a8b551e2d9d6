package dev.corral.controlplane.server;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.store.Store;
import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;

/** The route table: which path and method is answered by which handler. */
final class ApiRoutes {
    private static final int BODY_LIMIT = 1 << 20;

    private final Router router;
    private final ResourceHandlers resources;
    private final VolumeActions volumes;
    private final NodeActions nodes;
    private final EngineProxy engines;
    private final EventStreams events;

    private final TrustedProxies proxies;

    private ApiRoutes(
            Vertx vertx, Store store, EngineProxy engines, EventStreams events, Clock clock, TrustedProxies proxies) {
        this.router = Router.router(vertx);
        this.proxies = proxies;
        this.resources = new ResourceHandlers(store);
        this.volumes = new VolumeActions(store, clock);
        this.nodes = new NodeActions(store);
        this.engines = engines;
        this.events = events;
    }

    static Router build(
            Vertx vertx, ApiConfig config, Store store, EngineProxy engines, EventStreams events, Clock clock) {
        ApiRoutes routes = new ApiRoutes(vertx, store, engines, events, clock, config.trustedProxies());
        routes.register(config.credentials(), config.tls().isPresent());
        return routes.router;
    }

    private void register(Optional<Credentials> credentials, boolean certificates) {
        // Behind a reverse proxy, request URLs and client addresses are the proxy's; its
        // X-Forwarded headers are believed only when it is a configured trusted proxy (ClientView).
        router.route().handler(new AccessLog(proxies));
        router.route().handler(new Authentication(credentials, certificates));
        // Before any route: a node's agent reaches no action or write that is not its own.
        router.route().handler(new NodeScope());
        // After authentication, so that an anonymous caller learns nothing more than 401.
        router.route().handler(new JsonBodiesOnly());
        // For every method: a route limited to POST and PUT would match every path, and the
        // router would then answer a GET of an unknown path with 405 instead of 404.
        router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false));

        router.get("/v1/events").handler(events::handle);
        registerVolumeActions();
        registerNodeActions();
        for (Kind<?> kind : Kind.all()) {
            registerKind(kind);
        }
        registerErrors();
    }

    private void registerVolumeActions() {
        router.post("/v1/volumes/:name/attach")
                .handler(ctx ->
                        Replies.blocking(ctx, () -> Reply.ok(volumes.attach(name(ctx), RequestBodies.object(ctx)))));
        router.post("/v1/volumes/:name/detach")
                .handler(ctx -> Replies.blocking(ctx, () -> Reply.ok(volumes.detach(name(ctx)))));
        router.post("/v1/volumes/:name/expand")
                .handler(ctx ->
                        Replies.blocking(ctx, () -> Reply.ok(volumes.expand(name(ctx), RequestBodies.object(ctx)))));
        router.get("/v1/volumes/:name/snapshots").handler(ctx -> engines.listSnapshots(ctx, name(ctx)));
        router.post("/v1/volumes/:name/snapshots").handler(ctx -> engines.createSnapshot(ctx, name(ctx)));
        router.delete("/v1/volumes/:name/snapshots/:snapshot")
                .handler(ctx -> engines.deleteSnapshot(ctx, name(ctx), ctx.pathParam("snapshot")));
        router.post("/v1/volumes/:name/snapshots/:snapshot/revert")
                .handler(ctx -> engines.revertSnapshot(ctx, name(ctx), ctx.pathParam("snapshot")));
        router.get("/v1/volumes/:name/stats").handler(ctx -> engines.stats(ctx, name(ctx)));
        router.get("/v1/stats").handler(engines::clusterStats);
    }

    private void registerNodeActions() {
        router.post("/v1/nodes/:name/scheduling")
                .handler(ctx ->
                        Replies.blocking(ctx, () -> Reply.ok(nodes.scheduling(name(ctx), RequestBodies.object(ctx)))));
        router.post("/v1/nodes/:name/eviction")
                .handler(ctx ->
                        Replies.blocking(ctx, () -> Reply.ok(nodes.eviction(name(ctx), RequestBodies.object(ctx)))));
    }

    private <T extends Resource> void registerKind(Kind<T> kind) {
        String collection = "/v1/" + kind.plural();
        String item = collection + "/:name";
        router.get(collection).handler(ctx -> Replies.blocking(ctx, () -> resources.list(kind)));
        router.get(item).handler(ctx -> Replies.blocking(ctx, () -> resources.get(kind, name(ctx))));
        if (kind.equals(Kind.VOLUME)) {
            // Volumes are the operator's: created, changed and deleted only through the checks.
            router.post(collection)
                    .handler(ctx -> Replies.blocking(ctx, () -> {
                        Resource created = volumes.create(RequestBodies.object(ctx));
                        return Reply.created(created, absoluteUrl(ctx, proxies, collection + "/" + created.name()));
                    }));
            router.put(item)
                    .handler(ctx -> Replies.blocking(
                            ctx, () -> Reply.ok(volumes.replace(name(ctx), RequestBodies.object(ctx)))));
            router.delete(item)
                    .handler(ctx -> Replies.blocking(
                            ctx, () -> Reply.accepted(volumes.delete(name(ctx), resourceVersion(ctx)))));
            return;
        }
        router.post(collection)
                .handler(ctx -> Replies.blocking(
                        ctx,
                        () -> resources.create(
                                Caller.of(ctx),
                                kind,
                                RequestBodies.object(ctx),
                                name -> absoluteUrl(ctx, proxies, collection + "/" + name))));
        router.put(item)
                .handler(ctx -> Replies.blocking(
                        ctx, () -> resources.update(Caller.of(ctx), kind, name(ctx), RequestBodies.object(ctx))));
        router.delete(item)
                .handler(ctx -> Replies.blocking(ctx, () -> resources.delete(kind, name(ctx), resourceVersion(ctx))));
    }

    private void registerErrors() {
        router.errorHandler(404, ctx -> Replies.error(ctx, new ApiError(notFound(ctx), ErrorCode.NotFound)));
        router.errorHandler(
                405,
                ctx -> Replies.error(
                        ctx,
                        new ApiError(
                                ctx.request().method() + " is not allowed on "
                                        + ctx.request().path(),
                                ErrorCode.MethodNotAllowed)));
        router.errorHandler(
                413,
                ctx -> Replies.error(
                        ctx,
                        new ApiError(
                                "the request body is larger than " + BODY_LIMIT + " bytes",
                                ErrorCode.PayloadTooLarge)));
        router.errorHandler(
                400,
                ctx -> Replies.error(
                        ctx,
                        new ApiError(
                                ctx.failure() == null
                                        ? "bad request"
                                        : String.valueOf(ctx.failure().getMessage()),
                                ErrorCode.BadRequest)));
        router.errorHandler(
                500,
                ctx -> Replies.fail(
                        ctx, ctx.failure() != null ? ctx.failure() : new IllegalStateException("request failed")));
    }

    /** For /v1/foos the reason names the kinds there are: the likeliest mistake is a kind's name. */
    private static String notFound(RoutingContext ctx) {
        String path = ctx.request().path();
        String[] parts = path.split("/");
        if (parts.length >= 3
                && parts[1].equals("v1")
                && Kind.byPlural(parts[2]).isEmpty()
                && !parts[2].equals("events")) {
            return "unknown kind '" + parts[2] + "'; the API serves "
                    + Kind.all().stream().map(Kind::plural).collect(Collectors.joining(", "));
        }
        return "no such resource: " + path;
    }

    private static String name(RoutingContext ctx) {
        return ctx.pathParam("name");
    }

    private static long resourceVersion(RoutingContext ctx) {
        String given = ctx.request().getParam("resourceVersion");
        if (given == null || given.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("resourceVersion must be a number, got '" + given + "'");
        }
    }

    /** The absolute URL of {@code path} as the client addressed this server, through a trusted proxy or not. */
    static String absoluteUrl(RoutingContext ctx, TrustedProxies proxies, String path) {
        return ClientView.of(ctx, proxies).url(path);
    }
}
