package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.store.Store;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.api.v1.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events}: a store watch as server-sent events. Each event is
 * {@code id: <revision>}, {@code event: <type>} and one {@code data:} line of JSON; a comment line
 * every heartbeat interval keeps proxies from closing an idle stream and lets clients notice a
 * dead connection. The watch is closed when the client goes away. Each stream holds a store watch,
 * so one caller (a user, a node; see {@link Caller}) may hold only so many at once: one more is
 * refused with 429 {@code TooManyRequests} before anything is set up.
 */
final class EventStreams implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    /**
     * Events queued for a client that reads slower than the cluster changes. Past this the stream
     * is cut: the client reconnects and is given the current state again, which costs less than
     * holding an unbounded backlog.
     */
    private static final int MAX_QUEUED_BYTES = 16 << 20;

    private final Store store;
    private final Duration heartbeat;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final int maxPerCaller;
    private final Map<String, Integer> openByCaller = new ConcurrentHashMap<>();

    EventStreams(Store store, Duration heartbeat, int maxPerCaller) {
        this.store = store;
        this.heartbeat = heartbeat;
        this.maxPerCaller = maxPerCaller;
    }

    void handle(RoutingContext ctx) {
        Set<Kind<?>> kinds;
        try {
            kinds = kinds(ctx.queryParam("kinds"));
        } catch (ApiException e) {
            Replies.fail(ctx, e);
            return;
        }
        String caller = callerKey(Caller.of(ctx));
        if (!admit(caller)) {
            Replies.fail(
                    ctx,
                    new ApiException(
                            ErrorCode.TooManyRequests,
                            "the caller " + caller + " already has " + maxPerCaller
                                    + " event streams open, the most one caller may" + " hold; close one first"));
            return;
        }
        HttpServerResponse response = ctx.response()
                .setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                // nginx buffers proxied answers unless told not to; events must flow at once.
                .putHeader("x-accel-buffering", "no");
        response.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        Session session = new Session(ctx, response, caller);
        sessions.add(session);
        response.closeHandler(v -> session.close());
        response.exceptionHandler(e -> session.close());
        if (response.closed()) {
            session.close(); // gone before the handlers were in place: they will not be called
            return;
        }
        // Browsers' EventSource reconnects after this many milliseconds.
        response.write("retry: 2000\n\n");
        session.timer = ctx.vertx().setPeriodic(heartbeat.toMillis(), id -> session.write(": heartbeat\n\n"));
        ctx.vertx()
                .executeBlocking(() -> store.watch(kinds, session::onEvent), false)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        session.watching(done.result());
                    } else {
                        log.warn("cannot watch the store for an event stream", done.cause());
                        session.end();
                    }
                });
    }

    /** Takes one of the caller's streams; false when it holds all it may. */
    private boolean admit(String caller) {
        boolean[] admitted = {false};
        openByCaller.compute(caller, (key, open) -> {
            int count = open == null ? 0 : open;
            admitted[0] = count < maxPerCaller;
            return admitted[0] ? count + 1 : open;
        });
        return admitted[0];
    }

    private void release(String caller) {
        openByCaller.computeIfPresent(caller, (key, open) -> open > 1 ? open - 1 : null);
    }

    /** The name a caller's streams are counted under: its principal, or "anonymous". */
    private static String callerKey(Caller caller) {
        return switch (caller) {
            case Caller.Unrestricted unrestricted -> unrestricted.who();
            case Caller.OfNode node -> node.toString();
        };
    }

    /** Streams one caller holds open now. */
    int openBy(String caller) {
        return openByCaller.getOrDefault(caller, 0);
    }

    /** {@code kinds=volumes,nodes} (or the parameter repeated); none means every kind. */
    static Set<Kind<?>> kinds(List<String> params) {
        Set<Kind<?>> kinds = new LinkedHashSet<>();
        for (String param : params) {
            for (String plural : param.split(",")) {
                if (plural.isBlank()) {
                    continue;
                }
                kinds.add(Kind.byPlural(plural.strip())
                        .orElseThrow(() -> ApiException.badRequest("unknown kind '" + plural.strip()
                                + "' in kinds; use any of "
                                + Kind.all().stream().map(Kind::plural).collect(Collectors.joining(",")))));
            }
        }
        return kinds.isEmpty() ? Set.copyOf(Kind.all()) : Set.copyOf(kinds);
    }

    static String frame(WatchEvent event) {
        ObjectNode data = ResourceJson.mapper().createObjectNode();
        data.put("type", event.type().name());
        data.put("revision", event.revision());
        if (event.resource() != null) {
            data.set("object", ResourceJson.mapper().valueToTree(event.resource()));
        }
        return "id: " + event.revision() + "\nevent: " + event.type().name() + "\ndata: " + ResourceJson.write(data)
                + "\n\n";
    }

    int open() {
        return sessions.size();
    }

    /** Ends every stream (the server is stopping); clients see the end and reconnect. */
    @Override
    public void close() {
        List.copyOf(sessions).forEach(Session::end);
    }

    /** One client's stream: its watch, its heartbeat timer, and the event loop its writes run on. */
    private final class Session {
        private final Vertx vertx;
        private final Context context;
        private final HttpServerResponse response;
        private final HttpConnection connection;
        private final String client;
        private final String caller;
        long timer = -1;
        private Watch watch;
        private boolean closed;

        Session(RoutingContext ctx, HttpServerResponse response, String caller) {
            this.caller = caller;
            this.vertx = ctx.vertx();
            this.context = vertx.getOrCreateContext();
            this.response = response;
            this.connection = ctx.request().connection();
            this.client = String.valueOf(ctx.request().remoteAddress());
        }

        /** Called on the store's thread: the write moves to this connection's event loop, in order. */
        void onEvent(WatchEvent event) {
            String text = frame(event);
            context.runOnContext(v -> write(text));
        }

        void write(String text) {
            if (isClosed() || response.closed() || response.ended()) {
                return;
            }
            response.write(text);
            if (response.writeQueueFull()) {
                log.warn("event stream to {} cut: more than {} bytes wait for the client", client, MAX_QUEUED_BYTES);
                close();
                connection.close();
            }
        }

        synchronized void watching(Watch started) {
            if (closed) {
                started.close();
            } else {
                watch = started;
            }
        }

        synchronized boolean isClosed() {
            return closed;
        }

        void close() {
            Watch toClose;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                toClose = watch;
            }
            sessions.remove(this);
            release(caller);
            vertx.cancelTimer(timer);
            if (toClose != null) {
                toClose.close();
            }
        }

        void end() {
            close();
            context.runOnContext(v -> {
                if (!response.closed() && !response.ended()) {
                    response.end();
                }
            });
        }
    }
}
