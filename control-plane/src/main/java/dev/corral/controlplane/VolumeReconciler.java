package dev.corral.controlplane;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.model.Volume.Robustness;
import dev.corral.api.model.Volume.State;
import dev.corral.controlplane.scheduler.ReplicaScheduler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One volume's reconcile: from its spec and what agents and engines report, the replicas, the
 * engine and the status it should have. Idempotent: a pass over an unchanged cluster writes
 * nothing. Steps: replica health, replica count, engine, status (each step reads the cache again,
 * so it sees the previous step's writes).
 */
final class VolumeReconciler {
    private final ClusterCache cache;
    private final Writer writer;
    private final Clock clock;
    private final ReplicaHealth health;
    private final ReplicaPlanner planner;
    private final EngineSync engines;

    VolumeReconciler(ClusterCache cache, Writer writer, ReplicaScheduler scheduler, Clock clock) {
        this.cache = cache;
        this.writer = writer;
        this.clock = clock;
        this.health = new ReplicaHealth(cache, writer);
        this.planner = new ReplicaPlanner(cache, writer, scheduler);
        this.engines = new EngineSync(cache, writer);
    }

    void reconcile(String name) {
        Instant now = clock.instant();
        Optional<Volume> found = cache.volume(name);
        if (found.isEmpty()) {
            removeOrphans(name);
            return;
        }
        Volume volume = found.get();
        if (volume.metadata().deleting()) {
            delete(volume);
            return;
        }
        Settings.Spec settings = cache.settings();
        health.update(cache.replicasOf(name), cache.engineOf(name), now);
        Condition scheduled = planner.plan(volume, cache.replicasOf(name), settings, now);
        Optional<Engine> engine = engines.sync(volume, cache.replicasOf(name), cache.engineOf(name), settings, now);
        writeStatus(volume, cache.replicasOf(name), engine, scheduled, now);
    }

    private void delete(Volume volume) {
        cache.engineOf(volume.name()).ifPresent(writer::delete);
        cache.replicasOf(volume.name()).forEach(writer::delete);
        Volume.Status s = volume.status();
        writer.delete(writer.update(
                volume,
                volume.withStatus(new Volume.Status(
                        State.DELETING,
                        s.robustness(),
                        s.currentNodeId(),
                        s.endpoint(),
                        s.actualSize(),
                        s.conditions(),
                        s.lastDegradedAt()))));
    }

    /** Replicas and an engine left by a volume that is gone (a delete interrupted by a crash). */
    private void removeOrphans(String volume) {
        cache.engineOf(volume).ifPresent(writer::delete);
        cache.replicasOf(volume).forEach(writer::delete);
    }

    private void writeStatus(
            Volume volume, List<Replica> replicas, Optional<Engine> engine, Condition scheduled, Instant now) {
        boolean engineRunning = engine.map(e -> e.status().currentState() == InstanceState.RUNNING
                        && !e.status().endpoint().isEmpty())
                .orElse(false);
        boolean attachedNodeUp = engine.flatMap(e -> cache.node(e.spec().nodeId()))
                .map(Node::ready)
                .orElse(false);
        State state;
        if (!volume.spec().nodeId().isEmpty()) {
            state = engineRunning ? State.ATTACHED : State.ATTACHING;
        } else if (volume.status().state() == State.CREATING && !allRunning(volume, replicas)) {
            state = State.CREATING;
        } else {
            state = State.DETACHED;
        }
        int wanted = volume.spec().numberOfReplicas();
        long good = state == State.ATTACHED
                ? replicas.stream()
                        .filter(r -> r.status().mode() == ReplicaMode.RW)
                        .count()
                : replicas.stream()
                        .filter(r -> r.spec().failedAt() == null && EngineSync.running(r))
                        .count();
        Robustness robustness;
        if (state == State.ATTACHED && !attachedNodeUp) {
            robustness = Robustness.UNKNOWN; // the engine's node is down: nobody can tell
        } else if (state == State.CREATING) {
            robustness = Robustness.UNKNOWN;
        } else if (good >= wanted) {
            robustness = Robustness.HEALTHY;
        } else {
            robustness = good > 0 ? Robustness.DEGRADED : Robustness.FAULTED;
        }
        Instant degradedAt = robustness == Robustness.DEGRADED
                ? Optional.ofNullable(volume.status().lastDegradedAt()).orElse(now)
                : null;
        Volume.Status status = new Volume.Status(
                state,
                robustness,
                state == State.ATTACHED ? volume.spec().nodeId() : "",
                state == State.ATTACHED ? engine.get().status().endpoint() : "",
                volume.status().actualSize(),
                Condition.put(volume.status().conditions(), scheduled),
                degradedAt);
        writer.update(volume, volume.withStatus(status));
    }

    private static boolean allRunning(Volume volume, List<Replica> replicas) {
        return replicas.size() >= volume.spec().numberOfReplicas()
                && replicas.stream().allMatch(EngineSync::running);
    }

    /** Volumes whose state depends on the clock (a failed replica's wait) are looked at again. */
    static boolean timeSensitive(ClusterCache cache, String volume) {
        return cache.replicasOf(volume).stream().anyMatch(r -> r.spec().failedAt() != null)
                || cache.get(Kind.VOLUME, volume)
                        .map(v -> v.status().robustness() != Robustness.HEALTHY)
                        .orElse(false);
    }
}
