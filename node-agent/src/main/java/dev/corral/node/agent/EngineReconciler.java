package dev.corral.node.agent;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.node.AddReplicaRequest;
import dev.corral.api.node.EngineReplica;
import dev.corral.api.node.EngineRequest;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.NodeCallException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one engine of this node as its spec says. Not running: start it with the spec's replicas.
 * Running: take out members the spec no longer names, grow to a larger spec size, and add one
 * replica the engine lacks (or holds in ERR) at a time, since each add is a rebuild. Then report
 * the engine's view in the Engine's status, written only when it changed.
 *
 * <p>An address is used only when the replica it belongs to runs at exactly that address. After an
 * instance restart replica ports change and the spec names old ones until the control plane
 * catches up; an old port may by then belong to another volume's replica, and joining that would
 * mix two volumes' data.
 */
final class EngineReconciler {
    private static final Logger log = LoggerFactory.getLogger(EngineReconciler.class);

    private final NodeCache cache;
    private final InstanceMirror mirror;
    private final StatusWriter writer;
    private final AddBackoff backoff = new AddBackoff();
    private final Clock clock;

    EngineReconciler(NodeCache cache, InstanceMirror mirror, StatusWriter writer, Clock clock) {
        this.cache = cache;
        this.mirror = mirror;
        this.writer = writer;
        this.clock = clock;
    }

    /** True when done; false asks for a retry. */
    boolean reconcile(String name) {
        InstanceConnection instance = mirror.connection();
        if (instance == null) {
            return false;
        }
        try {
            // Deleted, and maybe created again since (a detach and an attach): the old one stops first.
            Optional<Engine> deleted = cache.deletedEngine(name);
            if (deleted.isPresent()) {
                stop(deleted.get().spec().volumeName(), instance);
                cache.cleanedUp(deleted.get());
            }
            Optional<Engine> engine = cache.engine(name);
            if (engine.isEmpty()) {
                return true;
            }
            String volume = engine.get().spec().volumeName();
            if (!cache.mine(engine.get())) {
                // Another node's; if its spec moved it away from here, this node serves it no more.
                boolean stillMine = cache.myEngines().stream()
                        .anyMatch(e -> e.spec().volumeName().equals(volume));
                if (!stillMine && mirror.engine(volume).isPresent()) {
                    stop(volume, instance);
                }
                return true;
            }
            if (engine.get().spec().desireState() != InstanceState.RUNNING) {
                if (mirror.engine(volume).isPresent()) {
                    stop(volume, instance);
                }
                writeStatus(name, e -> EngineReport.notServing(e, InstanceState.STOPPED, "Stopped", "", now()));
                return true;
            }
            return serve(engine.get(), instance);
        } catch (NodeCallException e) {
            if (!e.unreachable()) {
                log.warn("engine {}: {}", name, e.getMessage());
            }
            return false;
        }
    }

    private boolean serve(Engine engine, InstanceConnection instance) {
        String volume = engine.spec().volumeName();
        Optional<EngineView> running = mirror.engine(volume);
        if (running.isEmpty()) {
            return start(engine, instance);
        }
        EngineView view = running.get();
        Adjusted adjusted;
        try {
            adjusted = adjust(engine, view, instance);
            if (adjusted == Adjusted.CHANGED) {
                Optional<EngineView> now = instance.client().engine(volume);
                if (now.isEmpty()) {
                    mirror.engineStopped(instance.generation(), volume);
                    return false;
                }
                view = now.get();
            }
        } catch (NodeCallException e) {
            if (e.unreachable()) {
                throw e;
            }
            if (e.notFound()) {
                mirror.engineStopped(instance.generation(), volume); // gone from the instance: start it again
                return false;
            }
            log.warn("engine {}: {}", engine.name(), e.getMessage());
            adjusted = Adjusted.WAITING; // the view is still the engine's: report it, retry the change later
        }
        mirror.engineServes(instance.generation(), view);
        EngineView reported = view;
        writeStatus(engine.name(), e -> EngineReport.serving(e, reported, instance.url(), now()));
        return adjusted != Adjusted.WAITING;
    }

    /** What a round of {@link #adjust} did. */
    private enum Adjusted {
        /** The engine is as the spec says, or a rebuild must finish first (the poll comes back). */
        NOTHING,
        /** A replica was removed or added, or the volume grown: read the engine's view again. */
        CHANGED,
        /** A change is due but must wait (a replica's add backoff): come back later. */
        WAITING
    }

    private boolean start(Engine engine, InstanceConnection instance) {
        Map<String, String> usable = usableAddresses(engine);
        if (usable.isEmpty()) {
            writeStatus(
                    engine.name(),
                    e -> EngineReport.notServing(
                            e,
                            InstanceState.STARTING,
                            "WaitingForReplicas",
                            "no replica in the spec runs at the address the spec names",
                            now()));
            return true; // a replica's report or a spec change brings the engine back here
        }
        EngineView view;
        try {
            view = instance.client()
                    .startEngine(new EngineRequest(
                            engine.spec().volumeName(),
                            engine.spec().size(),
                            usable.values().stream().toList()));
        } catch (NodeCallException e) {
            if (e.unreachable()) {
                throw e;
            }
            log.warn("engine {} cannot start: {}", engine.name(), e.getMessage());
            writeStatus(
                    engine.name(),
                    current -> EngineReport.notServing(
                            current, InstanceState.ERROR, "StartFailed", e.getMessage(), now()));
            return false;
        }
        mirror.engineServes(instance.generation(), view);
        log.info("engine {} serves {}", engine.name(), view.endpoint());
        EngineView started = view;
        writeStatus(engine.name(), e -> EngineReport.serving(e, started, instance.url(), now()));
        return true;
    }

    /** One round of changes toward the spec. */
    private Adjusted adjust(Engine engine, EngineView view, InstanceConnection instance) {
        String volume = engine.spec().volumeName();
        var client = instance.client();
        boolean changed = false;
        long readWrite =
                view.replicas().stream().filter(r -> r.mode() == ReplicaMode.RW).count();
        for (EngineReplica member : view.replicas()) {
            if (member.mode() == ReplicaMode.RW) {
                backoff.healthy(volume, member.address());
            }
            if (engine.spec().replicaAddresses().containsValue(member.address())) {
                continue;
            }
            if (member.mode() == ReplicaMode.RW && readWrite == 1) {
                // The spec would leave the volume with no replica that can serve; the control
                // plane never means that, so the last readable copy stays until another is RW.
                log.warn("engine {}: not removing {}, its last RW replica", engine.name(), member.address());
                continue;
            }
            client.removeReplica(volume, member.address());
            log.info("engine {}: removed replica {}", engine.name(), member.address());
            if (member.mode() == ReplicaMode.RW) {
                readWrite--;
            }
            changed = true;
        }
        if (view.rebuilding()) {
            return changed ? Adjusted.CHANGED : Adjusted.NOTHING;
        }
        if (engine.spec().size() > view.size()) {
            client.expand(volume, engine.spec().size());
            log.info(
                    "engine {}: expanded from {} to {} bytes",
                    engine.name(),
                    view.size(),
                    engine.spec().size());
            return Adjusted.CHANGED;
        }
        Instant now = now();
        boolean waiting = false;
        for (Map.Entry<String, String> wanted : usableAddresses(engine).entrySet()) {
            String address = wanted.getValue();
            Optional<EngineReplica> member = view.replicas().stream()
                    .filter(r -> r.address().equals(address))
                    .findFirst();
            if (member.isPresent() && member.get().mode() != ReplicaMode.ERR) {
                continue;
            }
            if (!backoff.mayAdd(volume, address, now)) {
                waiting = true;
                continue;
            }
            backoff.added(volume, address, now);
            client.addReplica(volume, new AddReplicaRequest(address, 0));
            log.info("engine {}: adding replica {} at {} (rebuild)", engine.name(), wanted.getKey(), address);
            return Adjusted.CHANGED;
        }
        return changed ? Adjusted.CHANGED : waiting ? Adjusted.WAITING : Adjusted.NOTHING;
    }

    /**
     * The spec's replicas, by name in name order, that run at the address the spec names: this
     * node's as the instance process hosts them now (their reported status lags behind an instance
     * restart), other nodes' as they report.
     */
    private Map<String, String> usableAddresses(Engine engine) {
        Map<String, String> usable = new LinkedHashMap<>();
        new TreeMap<>(engine.spec().replicaAddresses()).forEach((name, address) -> {
            if (address != null && !address.isBlank() && runsAt(name, address)) {
                usable.put(name, address);
            }
        });
        return usable;
    }

    private boolean runsAt(String name, String address) {
        Optional<Replica> replica = cache.replica(name);
        if (replica.isEmpty()) {
            return false;
        }
        if (cache.mine(replica.get())) {
            return mirror.replica(name).map(r -> r.address().equals(address)).orElse(false);
        }
        return replica.get().status().currentState() == InstanceState.RUNNING
                && address.equals(replica.get().status().address());
    }

    private void stop(String volume, InstanceConnection instance) {
        if (instance.client().stopEngine(volume)) {
            log.info("engine of volume {} stopped", volume);
        }
        mirror.engineStopped(instance.generation(), volume);
    }

    private void writeStatus(String name, Function<Engine, Engine.Status> status) {
        writer.modify(Kind.ENGINE, name, current -> current.withStatus(status.apply(current)));
    }

    private Instant now() {
        return clock.instant();
    }
}
