package dev.corral.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.api.store.WatchListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store watch over the API's event stream, read on its own thread, which also calls the
 * listener. When the stream drops (the server restarts, the network fails, or nothing, not even a
 * heartbeat, arrived for {@link #IDLE_LIMIT}) it reconnects with a growing delay; the server then
 * sends ADDED for every object again and SYNCED. Objects that were deleted while disconnected are
 * reported as DELETED after that SYNCED (the last state seen of them), so a listener's cache
 * converges; listeners must accept ADDED for objects they already know.
 */
final class EventStreamWatch implements Watch {
    private static final Logger log = LoggerFactory.getLogger(EventStreamWatch.class);

    /** Three of the server's 15 s heartbeats missed: the connection is dead, not idle. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(45);

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final ApiHttp http;
    private final Set<Kind<?>> kinds;
    private final WatchListener listener;
    private final Thread thread;
    private final ScheduledFuture<?> idleCheck;

    /** What the listener has been told exists: for the deletions missed while disconnected. */
    private final Map<Kind<?>, Map<String, Resource>> known = new HashMap<>();

    private volatile boolean closed;
    private volatile InputStream stream;
    private volatile long lastActivityNanos = System.nanoTime();

    EventStreamWatch(ApiHttp http, Set<Kind<?>> kinds, WatchListener listener, ScheduledExecutorService timer) {
        this.http = http;
        this.kinds = Set.copyOf(kinds);
        this.listener = listener;
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("corral-watch-"
                        + kinds.stream().map(Kind::plural).sorted().collect(Collectors.joining(",")))
                .unstarted(this::run);
        this.idleCheck = timer.scheduleWithFixedDelay(this::dropIfIdle, 5, 5, TimeUnit.SECONDS);
    }

    EventStreamWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean everConnected = false;
        boolean failing = false;
        while (!closed) {
            try {
                InputStream body = connect();
                if (everConnected) {
                    log.info("event stream from {} is back", http.endpoint().url());
                }
                everConnected = true;
                failing = false;
                retry = FIRST_RETRY;
                read(body);
                if (!closed) {
                    log.warn(
                            "event stream from {} ended; reconnecting",
                            http.endpoint().url());
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                // One warning per outage; the retries of a server that stays down only at debug.
                if (failing) {
                    log.debug("event stream from {}: {}", http.endpoint().url(), e.getMessage());
                } else {
                    log.warn(
                            "event stream from {}: {}; retrying every {} s at most",
                            http.endpoint().url(),
                            e.getMessage(),
                            MAX_RETRY.toSeconds());
                }
                failing = true;
            }
            if (!sleep(retry)) {
                break;
            }
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
    }

    private InputStream connect() throws IOException {
        String query = kinds.stream().map(Kind::plural).sorted().collect(Collectors.joining(","));
        HttpRequest request = http.request("/v1/events?kinds=" + query)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw http.unreachable(e);
        }
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            throw http.failure(response.statusCode(), body);
        }
        lastActivityNanos = System.nanoTime();
        stream = response.body();
        if (closed) {
            stream.close();
        }
        return stream;
    }

    private void read(InputStream body) throws IOException {
        SseParser parser = new SseParser();
        Set<String> seen = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; !closed && (line = lines.readLine()) != null; ) {
                lastActivityNanos = System.nanoTime();
                parser.line(line).ifPresent(event -> dispatch(event, seen));
            }
        }
    }

    private void dispatch(SseParser.Event sse, Set<String> seenSinceConnect) {
        WatchEvent event;
        try {
            event = decode(sse);
        } catch (IllegalStateException e) {
            // A newer server's kind or field this client does not know: skip it, keep the stream.
            log.warn("event stream from {}: {}", http.endpoint().url(), e.getMessage());
            return;
        }
        Resource resource = event.resource();
        switch (event.type()) {
            case ADDED, MODIFIED -> {
                seenSinceConnect.add(key(resource));
                known.computeIfAbsent(Kind.of(resource), k -> new HashMap<>()).put(resource.name(), resource);
            }
            case DELETED -> {
                Map<String, Resource> byName = known.get(Kind.of(resource));
                if (byName != null) {
                    byName.remove(resource.name());
                }
            }
            case SYNCED -> {
                deliver(event);
                forgetMissing(seenSinceConnect, event.revision());
                return;
            }
        }
        deliver(event);
    }

    /** After a reconnection's SYNCED: what was known and not listed again was deleted meanwhile. */
    private void forgetMissing(Set<String> listed, long revision) {
        for (Map<String, Resource> byName : known.values()) {
            for (Resource gone : List.copyOf(byName.values())) {
                if (!listed.contains(key(gone))) {
                    byName.remove(gone.name());
                    deliver(new WatchEvent(WatchEvent.Type.DELETED, gone, revision));
                }
            }
        }
    }

    private void deliver(WatchEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("watch listener failed on {} event; the stream goes on", event.type(), e);
        }
    }

    private static WatchEvent decode(SseParser.Event sse) {
        try {
            JsonNode data = ResourceJson.mapper().readTree(sse.data());
            WatchEvent.Type type = WatchEvent.Type.valueOf(data.path("type").asText(sse.type()));
            long revision = data.path("revision").asLong();
            JsonNode object = data.get("object");
            if (object == null || object.isNull()) {
                return new WatchEvent(type, null, revision);
            }
            Kind<?> kind = Kind.byName(object.path("kind").asText())
                    .orElseThrow(
                            () -> new IllegalArgumentException("event for an unknown kind: " + object.path("kind")));
            return new WatchEvent(type, ResourceJson.mapper().treeToValue(object, kind.type()), revision);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("undecodable event " + sse.id() + ": " + e.getMessage(), e);
        }
    }

    private static String key(Resource resource) {
        return resource.kind() + "/" + resource.name();
    }

    private void dropIfIdle() {
        InputStream current = stream;
        if (current != null && System.nanoTime() - lastActivityNanos > IDLE_LIMIT.toNanos()) {
            log.warn(
                    "event stream from {} silent for {} s; reconnecting",
                    http.endpoint().url(),
                    IDLE_LIMIT.toSeconds());
            closeQuietly(current);
        }
    }

    private boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing to end a read; nothing more to do
        }
    }

    @Override
    public void close() {
        closed = true;
        idleCheck.cancel(false);
        InputStream current = stream;
        if (current != null) {
            closeQuietly(current);
        }
        thread.interrupt();
    }
}
