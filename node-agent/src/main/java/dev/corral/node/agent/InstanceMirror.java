package dev.corral.node.agent;

import dev.corral.api.node.EngineView;
import dev.corral.api.node.ReplicaView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent knows runs in the current instance process: its replicas by name and its engines
 * by volume, as the instance last answered. Filled from the instance's lists when a generation
 * starts, then kept up by every call's answer and the engine polls, so that a reconcile of an
 * unchanged object makes no call. Answers from an older generation are dropped.
 */
final class InstanceMirror {
    private InstanceConnection connection; // all guarded by this
    private final Map<String, ReplicaView> replicas = new HashMap<>();
    private final Map<String, EngineView> engines = new HashMap<>();

    /** The instance now in use, or null before the first. */
    synchronized InstanceConnection connection() {
        return connection;
    }

    synchronized long generation() {
        return connection == null ? 0 : connection.generation();
    }

    synchronized void reset(InstanceConnection next, List<ReplicaView> running, List<EngineView> serving) {
        connection = next;
        replicas.clear();
        engines.clear();
        running.forEach(r -> replicas.put(r.name(), r));
        serving.forEach(e -> engines.put(e.volume(), e));
    }

    synchronized Optional<ReplicaView> replica(String name) {
        return Optional.ofNullable(replicas.get(name));
    }

    synchronized Optional<ReplicaView> replicaIn(String dir) {
        return replicas.values().stream().filter(r -> r.dir().equals(dir)).findFirst();
    }

    synchronized void replicaRuns(long generation, ReplicaView view) {
        if (generation == generation()) {
            replicas.put(view.name(), view);
        }
    }

    synchronized void replicaStopped(long generation, String name) {
        if (generation == generation()) {
            replicas.remove(name);
        }
    }

    synchronized Optional<EngineView> engine(String volume) {
        return Optional.ofNullable(engines.get(volume));
    }

    synchronized Collection<EngineView> engines() {
        return List.copyOf(engines.values());
    }

    /** Records the engine's view; true when it differs from the one known before. */
    synchronized boolean engineServes(long generation, EngineView view) {
        if (generation != generation()) {
            return false;
        }
        return !view.equals(engines.put(view.volume(), view));
    }

    synchronized boolean engineStopped(long generation, String volume) {
        if (generation != generation()) {
            return false;
        }
        return engines.remove(volume) != null;
    }

    synchronized boolean anyRebuilding() {
        return engines.values().stream().anyMatch(EngineView::rebuilding);
    }
}
