package dev.corral.console.state;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.WatchEvent;
import dev.corral.console.events.EventLog;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * What the console knows of the cluster: every Node, Volume, Replica and Engine by name, as the
 * event stream last reported it. Changed only on the UI thread and a batch at a time; screens
 * listen to {@link #version()} (one tick per batch) rather than to each map, so that a burst of
 * events costs each screen one refresh.
 */
public final class ClusterState {
    private final ObservableMap<String, Node> nodes = FXCollections.observableHashMap();
    private final ObservableMap<String, Volume> volumes = FXCollections.observableHashMap();
    private final ObservableMap<String, Replica> replicas = FXCollections.observableHashMap();
    private final ObservableMap<String, Engine> engines = FXCollections.observableHashMap();
    private final LongProperty version = new SimpleLongProperty(this, "version");
    private final ReadOnlyBooleanWrapper synced = new ReadOnlyBooleanWrapper(this, "synced");
    private final EventLog log = new EventLog(Instant::now);
    private Map<String, List<Replica>> byVolume = Map.of();
    private long indexedVersion = -1;

    /** Applies one batch of events, in their order, then ticks {@link #version()} once. */
    public void apply(List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (WatchEvent event : events) {
            switch (event.type()) {
                case SYNCED -> synced.set(true);
                // A reconnection replays ADDED for what is known: an ADDED is an update here.
                case ADDED, MODIFIED -> {
                    Resource before = put(event.resource());
                    if (synced.get()) {
                        log.observe(before, event.resource());
                    }
                }
                case DELETED -> {
                    Resource before = remove(event.resource());
                    if (synced.get() && before != null) {
                        log.observe(before, null);
                    }
                }
            }
        }
        version.set(version.get() + 1);
    }

    /** Forgets everything (a new connection starts with a fresh list). */
    public void clear() {
        nodes.clear();
        volumes.clear();
        replicas.clear();
        engines.clear();
        log.clear();
        synced.set(false);
        version.set(version.get() + 1);
    }

    /** Stores the resource; answers the version it replaced (null when it is new). */
    private Resource put(Resource resource) {
        return switch (resource) {
            case Node n -> nodes.put(n.name(), n);
            case Volume v -> volumes.put(v.name(), v);
            case Replica r -> replicas.put(r.name(), r);
            case Engine e -> engines.put(e.name(), e);
            // Not shown; the watch does not ask for them.
            case Settings s -> null;
        };
    }

    private Resource remove(Resource resource) {
        Map<String, ? extends Resource> map = switch (resource) {
            case Node n -> nodes;
            case Volume v -> volumes;
            case Replica r -> replicas;
            case Engine e -> engines;
            case Settings s -> Map.of();
        };
        return map.remove(resource.name());
    }

    /** What has happened since the console connected, newest first. */
    public EventLog log() {
        return log;
    }

    public ObservableMap<String, Node> nodes() {
        return nodes;
    }

    public ObservableMap<String, Volume> volumes() {
        return volumes;
    }

    public ObservableMap<String, Replica> replicas() {
        return replicas;
    }

    public ObservableMap<String, Engine> engines() {
        return engines;
    }

    /**
     * Runs {@code refresh} after each applied batch while {@code showing} holds, and once when it
     * turns true after batches were missed: a screen nobody looks at costs nothing per batch.
     */
    public void onBatch(ObservableBooleanValue showing, Runnable refresh) {
        boolean[] missed = {false};
        version.addListener(obs -> {
            if (showing.get()) {
                refresh.run();
            } else {
                missed[0] = true;
            }
        });
        showing.addListener((obs, was, is) -> {
            if (is && missed[0]) {
                missed[0] = false;
                refresh.run();
            }
        });
    }

    /** Always true: for ViewModels whose screen is always refreshed (tests, single screens). */
    public static final ObservableBooleanValue ALWAYS = new ReadOnlyBooleanWrapper(true);

    /** Ticks once per applied batch. */
    public ReadOnlyLongProperty version() {
        return version;
    }

    /** True once the first full listing (SYNCED) has arrived. */
    public ReadOnlyBooleanProperty synced() {
        return synced.getReadOnlyProperty();
    }

    /**
     * The replicas of one volume, by name order. Indexed once per batch: every screen asks for
     * each volume's replicas on each refresh, which would otherwise scan all replicas per volume.
     */
    public List<Replica> replicasOf(String volume) {
        if (indexedVersion != version.get()) {
            byVolume = replicas.values().stream()
                    .sorted(Comparator.comparing(Replica::name))
                    .collect(Collectors.groupingBy(r -> r.spec().volumeName(), Collectors.toUnmodifiableList()));
            indexedVersion = version.get();
        }
        return byVolume.getOrDefault(volume, List.of());
    }

    /** Nodes that may take a new replica now: ready and with scheduling allowed. */
    public long schedulableNodeCount() {
        return nodes.values().stream()
                .filter(n -> n.ready() && n.spec().allowScheduling())
                .count();
    }
}
