package dev.corral.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.store.Store;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@link Store} of a cluster reached over its HTTP API: what agents, the CLI and the console
 * use. Errors arrive as the store's own exceptions (404 as {@code NotFoundException}, 409 as
 * {@code ConflictException} or {@code AlreadyExistsException}); an unreachable server, or a 5xx,
 * as {@link UnavailableException}; other refusals as {@link ApiRequestException}.
 *
 * <p>Two differences from the embedded store follow from the API. {@link #delete} of a Volume asks
 * for its deletion (the control plane removes its replicas first, then the object). A
 * {@link #watch} reconnects by itself after a dropped connection and then replays ADDED for every
 * object and SYNCED (with DELETED for what disappeared meanwhile): listeners must be idempotent.
 */
public final class RemoteStore implements Store {
    private final ApiHttp http;
    private final boolean ownsHttp;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("corral-watch-idle").factory());

    public RemoteStore(ApiEndpoint endpoint) {
        this(new ApiHttp(endpoint), true);
    }

    RemoteStore(ApiHttp http, boolean ownsHttp) {
        this.http = http;
        this.ownsHttp = ownsHttp;
    }

    public ApiEndpoint endpoint() {
        return http.endpoint();
    }

    @Override
    public <T extends Resource> Optional<T> get(Kind<T> kind, String name) {
        return http.find(item(kind, name)).map(json -> decode(kind, json));
    }

    @Override
    public <T extends Resource> List<T> list(Kind<T> kind) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : http.get(collection(kind)).path("items")) {
            items.add(decode(kind, item));
        }
        return List.copyOf(items);
    }

    @Override
    public <T extends Resource> T create(T resource) {
        Kind<T> kind = Kind.of(resource);
        return decode(kind, http.post(collection(kind), resource));
    }

    @Override
    public <T extends Resource> T update(T resource) {
        Kind<T> kind = Kind.of(resource);
        return decode(kind, http.put(item(kind, resource.name()), resource));
    }

    @Override
    public void delete(Kind<?> kind, String name, long resourceVersion) {
        http.delete(item(kind, name) + (resourceVersion == 0 ? "" : "?resourceVersion=" + resourceVersion));
    }

    /** The revision every list answer carries (the Settings list is the smallest to ask for). */
    @Override
    public long revision() {
        return http.get(collection(Kind.SETTINGS))
                .path("metadata")
                .path("resourceVersion")
                .asLong();
    }

    /**
     * Watches over {@code GET /v1/events} on a thread of its own, which calls the listener.
     * Connection failures are retried until the watch is closed (logged, not thrown).
     */
    @Override
    public Watch watch(Set<Kind<?>> kinds, WatchListener listener) {
        EventStreamWatch started = new EventStreamWatch(http, kinds, listener, timer);
        Watch handle = new Watch() {
            @Override
            public void close() {
                watches.remove(this);
                started.close();
            }
        };
        watches.add(handle);
        started.start();
        return handle;
    }

    static <T extends Resource> T decode(Kind<T> kind, JsonNode json) {
        try {
            return ResourceJson.mapper().treeToValue(json, kind.type());
        } catch (JsonProcessingException e) {
            throw new UnavailableException(
                    "the API answered a " + kind.name() + " this client cannot read: " + e.getOriginalMessage(), e);
        }
    }

    static String collection(Kind<?> kind) {
        return "/v1/" + kind.plural();
    }

    static String item(Kind<?> kind, String name) {
        return collection(kind) + "/" + ApiHttp.segment(name);
    }

    /** Stops every watch; the HTTP client too, unless it belongs to a {@link ClusterClient}. */
    @Override
    public void close() {
        List.copyOf(watches).forEach(Watch::close);
        timer.shutdownNow();
        if (ownsHttp) {
            http.close();
        }
    }
}
