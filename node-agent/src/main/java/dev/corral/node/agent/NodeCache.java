package dev.corral.node.agent;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.store.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The replicas and engines as the agent's watch last saw them: every replica (an engine's replica
 * addresses are checked against the replicas' own reports, wherever they run) and every engine,
 * plus this node's replicas and engines that were deleted and still need cleaning up. Each event
 * says which work it calls for.
 */
final class NodeCache {
    private final String node;
    private final ConcurrentMap<String, Replica> replicas = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Engine> engines = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Replica> deletedReplicas = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Engine> deletedEngines = new ConcurrentHashMap<>();
    private volatile boolean synced;

    NodeCache(String node) {
        this.node = node;
    }

    /** Records the event; answers the work it calls for (only this node's objects call for any). */
    List<Work> apply(WatchEvent event) {
        List<Work> work = new ArrayList<>();
        switch (event.type()) {
            case SYNCED -> {
                if (!synced) {
                    synced = true;
                    work.add(new Work.OrphanSweep());
                }
            }
            case ADDED, MODIFIED -> put(event.resource(), work);
            case DELETED -> remove(event.resource(), work);
        }
        return work;
    }

    private void put(Resource resource, List<Work> work) {
        switch (resource) {
            case Replica replica -> {
                // A deleted replica of the same name stays listed: its cleanup comes first.
                Replica before = replicas.put(replica.name(), replica);
                if (mine(replica) || (before != null && mine(before))) {
                    work.add(new Work.OfReplica(replica.name()));
                }
                enginesUsing(replica.name(), work);
            }
            case Engine engine -> {
                Engine before = engines.put(engine.name(), engine);
                if (mine(engine) || (before != null && mine(before))) {
                    work.add(new Work.OfEngine(engine.name()));
                }
            }
            default -> {}
        }
    }

    private void remove(Resource resource, List<Work> work) {
        switch (resource) {
            case Replica replica -> {
                replicas.remove(replica.name());
                if (mine(replica)) {
                    deletedReplicas.put(replica.name(), replica);
                    work.add(new Work.OfReplica(replica.name()));
                }
                enginesUsing(replica.name(), work);
            }
            case Engine engine -> {
                engines.remove(engine.name());
                if (mine(engine)) {
                    deletedEngines.put(engine.name(), engine);
                    work.add(new Work.OfEngine(engine.name()));
                }
            }
            default -> {}
        }
    }

    /** A replica's address or state matters to this node's engines that name it. */
    private void enginesUsing(String replica, List<Work> work) {
        for (Engine engine : engines.values()) {
            if (mine(engine) && engine.spec().replicaAddresses().containsKey(replica)) {
                work.add(new Work.OfEngine(engine.name()));
            }
        }
    }

    boolean mine(Replica replica) {
        return node.equals(replica.spec().nodeId());
    }

    boolean mine(Engine engine) {
        return node.equals(engine.spec().nodeId());
    }

    Optional<Replica> replica(String name) {
        return Optional.ofNullable(replicas.get(name));
    }

    Optional<Engine> engine(String name) {
        return Optional.ofNullable(engines.get(name));
    }

    /** This node's replica of that name as it was when deleted, if it still awaits its cleanup. */
    Optional<Replica> deletedReplica(String name) {
        return Optional.ofNullable(deletedReplicas.get(name));
    }

    void cleanedUp(Replica replica) {
        deletedReplicas.remove(replica.name(), replica);
    }

    Optional<Engine> deletedEngine(String name) {
        return Optional.ofNullable(deletedEngines.get(name));
    }

    void cleanedUp(Engine engine) {
        deletedEngines.remove(engine.name(), engine);
    }

    List<Replica> myReplicas() {
        return replicas.values().stream().filter(this::mine).toList();
    }

    List<Engine> myEngines() {
        return engines.values().stream().filter(this::mine).toList();
    }

    /** Every name this node has work for: its objects and those awaiting cleanup. */
    List<Work> allWork() {
        List<Work> work = new ArrayList<>();
        myReplicas().forEach(r -> work.add(new Work.OfReplica(r.name())));
        deletedReplicas.keySet().forEach(name -> work.add(new Work.OfReplica(name)));
        myEngines().forEach(e -> work.add(new Work.OfEngine(e.name())));
        deletedEngines.keySet().forEach(name -> work.add(new Work.OfEngine(name)));
        return work;
    }

    boolean synced() {
        return synced;
    }
}
