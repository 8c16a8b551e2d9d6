package dev.corral.controlplane;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step three of a volume's reconcile: the engine. Attaching creates it on the chosen node with the
 * replicas that hold the data; while attached its replica set follows the replicas: ERR ones are
 * dropped, running ones that are missing (a returned node, a replacement) are added back, which
 * the node's agent turns into a live rebuild. Detaching deletes it.
 */
final class EngineSync {
    /** A replica the engine failed is offered again only after this, so a broken one cannot spin. */
    static final Duration RETRY_AFTER_ERR = Duration.ofSeconds(2);

    private final ClusterCache cache;
    private final Writer writer;

    EngineSync(ClusterCache cache, Writer writer) {
        this.cache = cache;
        this.writer = writer;
    }

    /** Answers the engine after this step (empty when there is none). */
    Optional<Engine> sync(
            Volume volume, List<Replica> replicas, Optional<Engine> engine, Settings.Spec settings, Instant now) {
        String target = volume.spec().nodeId();
        if (engine.isPresent()
                && (target.isEmpty() || !engine.get().spec().nodeId().equals(target))) {
            writer.delete(engine.get()); // detach, or detach before attaching elsewhere
            return Optional.empty();
        }
        if (target.isEmpty()) {
            return Optional.empty();
        }
        if (engine.isEmpty()) {
            if (!cache.node(target).map(Node::ready).orElse(false)) {
                return Optional.empty();
            }
            Map<String, String> initial = initialReplicas(replicas);
            if (initial.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(writer.create(new Engine(
                    ObjectMeta.named(volume.name(), Map.of("corral.dev/volume", volume.name())),
                    new Engine.Spec(volume.name(), target, volume.spec().size(), initial, InstanceState.RUNNING),
                    null)));
        }
        Engine current = engine.get();
        Map<String, String> wanted = replicaSet(current, replicas, settings, now);
        Engine.Spec spec = current.spec().withReplicaAddresses(wanted);
        if (volume.spec().size() > spec.size()) {
            spec = spec.withSize(volume.spec().size());
        }
        return Optional.of(writer.update(current, current.withSpec(spec)));
    }

    /**
     * The replicas an engine starts with: those that hold the volume's data and have not failed.
     * When every one has failed, those that once held it (auto-salvage: the engine's salvage rule
     * picks among them); for a volume never attached, every running replica.
     */
    static Map<String, String> initialReplicas(List<Replica> replicas) {
        List<Replica> running = replicas.stream().filter(EngineSync::running).toList();
        List<Replica> pick = running.stream()
                .filter(r -> r.spec().failedAt() == null && r.spec().healthyAt() != null)
                .toList();
        if (pick.isEmpty()) {
            pick = running.stream().filter(r -> r.spec().healthyAt() != null).toList();
        }
        if (pick.isEmpty() && replicas.stream().allMatch(r -> r.spec().healthyAt() == null)) {
            pick = running;
        }
        Map<String, String> out = new LinkedHashMap<>();
        pick.forEach(r -> out.put(r.name(), r.status().address()));
        return out;
    }

    private Map<String, String> replicaSet(Engine engine, List<Replica> replicas, Settings.Spec settings, Instant now) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Replica r : replicas) {
            String inEngine = engine.spec().replicaAddresses().get(r.name());
            ReplicaMode mode = engine.status().replicaModes().get(r.name());
            boolean usable =
                    running(r) && cache.node(r.spec().nodeId()).map(Node::ready).orElse(false);
            if (inEngine != null && usable && inEngine.equals(r.status().address()) && mode != ReplicaMode.ERR) {
                out.put(r.name(), inEngine); // serving, or rebuilding
            } else if (usable
                    && mayRebuild(r, settings, now)
                    && rebuildSlotFree(r.spec().nodeId(), settings)) {
                out.put(r.name(), r.status().address());
            }
        }
        return out;
    }

    /** A failed replica is worth rebuilding while its wait lasts and it is not in the ERR back-off. */
    private static boolean mayRebuild(Replica r, Settings.Spec settings, Instant now) {
        Instant failedAt = r.spec().failedAt();
        if (failedAt == null) {
            return true;
        }
        boolean waited = !failedAt.plusSeconds(settings.replicaReplenishmentWaitIntervalSeconds())
                .isAfter(now);
        boolean backedOff = !failedAt.plus(RETRY_AFTER_ERR).isAfter(now);
        return !waited && backedOff;
    }

    /** Rebuilds onto one node are capped across all engines. */
    private boolean rebuildSlotFree(String node, Settings.Spec settings) {
        long rebuilding = 0;
        for (Engine e : cache.list(Kind.ENGINE)) {
            for (String name : e.spec().replicaAddresses().keySet()) {
                boolean onNode = cache.get(Kind.REPLICA, name)
                        .map(r -> r.spec().nodeId().equals(node))
                        .orElse(false);
                if (onNode && e.status().replicaModes().get(name) != ReplicaMode.RW) {
                    rebuilding++;
                }
            }
        }
        return rebuilding < settings.concurrentReplicaRebuildPerNodeLimit();
    }

    static boolean running(Replica r) {
        return r.status().currentState() == InstanceState.RUNNING
                && !r.status().address().isEmpty();
    }
}
