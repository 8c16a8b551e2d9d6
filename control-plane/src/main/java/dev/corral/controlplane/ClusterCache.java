package dev.corral.controlplane;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.WatchEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane's in-memory view of every resource, fed by one store watch and by the
 * control plane's own writes (applied at once, so that the next reconcile does not act on an
 * object it has just changed). An object is replaced only by a newer revision of itself, so a late
 * watch event never undoes a newer local write.
 */
final class ClusterCache {
    private final Map<Kind<?>, Map<String, Resource>> objects = new ConcurrentHashMap<>();
    /** Replica names by volume: a reconcile looks up its volume's replicas, not all of them. */
    private final Map<String, Set<String>> replicasByVolume = new ConcurrentHashMap<>();

    private volatile boolean synced;

    ClusterCache() {
        for (Kind<?> kind : Kind.all()) {
            objects.put(kind, new ConcurrentHashMap<>());
        }
    }

    /** Applies a watch event; answers whether it changed the cache. */
    boolean apply(WatchEvent event) {
        return switch (event.type()) {
            case ADDED, MODIFIED -> put(event.resource());
            case DELETED -> remove(event.resource());
            case SYNCED -> {
                synced = true;
                yield false;
            }
        };
    }

    boolean synced() {
        return synced;
    }

    boolean put(Resource resource) {
        Map<String, Resource> byName = objects.get(Kind.of(resource));
        boolean[] changed = {false};
        byName.compute(resource.name(), (name, old) -> {
            if (old != null
                    && old.metadata().resourceVersion() >= resource.metadata().resourceVersion()) {
                return old;
            }
            changed[0] = true;
            return resource;
        });
        if (changed[0] && resource instanceof Replica r) {
            replicasByVolume
                    .computeIfAbsent(r.spec().volumeName(), v -> ConcurrentHashMap.newKeySet())
                    .add(r.name());
        }
        return changed[0];
    }

    boolean remove(Resource resource) {
        Map<String, Resource> byName = objects.get(Kind.of(resource));
        Resource left = byName.computeIfPresent(
                resource.name(),
                (name, old) ->
                        old.metadata().resourceVersion() > resource.metadata().resourceVersion() ? old : null);
        if (left == null && resource instanceof Replica r) {
            Set<String> names = replicasByVolume.get(r.spec().volumeName());
            if (names != null) {
                names.remove(r.name());
            }
        }
        return left == null;
    }

    <T extends Resource> Optional<T> get(Kind<T> kind, String name) {
        return Optional.ofNullable(objects.get(kind).get(name)).map(kind::cast);
    }

    <T extends Resource> List<T> list(Kind<T> kind) {
        List<T> out = new ArrayList<>();
        for (Resource r : objects.get(kind).values()) {
            out.add(kind.cast(r));
        }
        out.sort(Comparator.comparing(Resource::name));
        return out;
    }

    List<Replica> replicasOf(String volume) {
        Set<String> names = replicasByVolume.getOrDefault(volume, Set.of());
        List<Replica> out = new ArrayList<>(names.size());
        for (String name : names) {
            get(Kind.REPLICA, name).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Resource::name));
        return out;
    }

    Optional<Volume> volume(String name) {
        return get(Kind.VOLUME, name);
    }

    Optional<Engine> engineOf(String volume) {
        return get(Kind.ENGINE, volume);
    }

    Optional<Node> node(String name) {
        return get(Kind.NODE, name);
    }

    Settings.Spec settings() {
        return get(Kind.SETTINGS, Settings.NAME).map(Settings::spec).orElse(Settings.defaults());
    }
}
