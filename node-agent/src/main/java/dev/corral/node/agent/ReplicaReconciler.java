package dev.corral.node.agent;

import dev.corral.api.model.Condition;
import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.node.NodeCallException;
import dev.corral.api.node.ReplicaRequest;
import dev.corral.api.node.ReplicaView;
import dev.corral.node.instance.Directories;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one replica of this node as its spec says: served by the instance process from its data
 * directory (status running + address), or not served (stopped), or, once the object is deleted,
 * stopped with its directory removed. The agent writes only status.currentState, status.address and
 * its condition; status.mode is the control plane's.
 */
final class ReplicaReconciler {
    private static final Logger log = LoggerFactory.getLogger(ReplicaReconciler.class);
    static final String CONDITION = "Ready";

    private final NodeCache cache;
    private final InstanceMirror mirror;
    private final StatusWriter writer;
    private final NodeDisks disks;
    private final Clock clock;

    ReplicaReconciler(NodeCache cache, InstanceMirror mirror, StatusWriter writer, NodeDisks disks, Clock clock) {
        this.cache = cache;
        this.mirror = mirror;
        this.writer = writer;
        this.disks = disks;
        this.clock = clock;
    }

    /** True when done; false asks for a retry (the instance did not answer, or refused). */
    boolean reconcile(String name) throws IOException {
        InstanceConnection instance = mirror.connection();
        if (instance == null) {
            return false;
        }
        try {
            // A replica deleted and created again under its name: the old one goes first, data and all.
            Optional<Replica> deleted = cache.deletedReplica(name);
            if (deleted.isPresent()) {
                remove(deleted.get(), instance);
            }
            Optional<Replica> replica = cache.replica(name);
            if (replica.isEmpty() || !cache.mine(replica.get())) {
                if (mirror.replica(name).isPresent()) {
                    stop(name, instance); // no longer this node's (its spec moved it): not served here
                }
                return true;
            }
            return switch (replica.get().spec().desireState()) {
                case RUNNING -> run(replica.get(), instance);
                default -> {
                    if (mirror.replica(name).isPresent()) {
                        stop(name, instance);
                    }
                    writeStatus(name, InstanceState.STOPPED, "", Condition.Status.False, "Stopped", "");
                    yield true;
                }
            };
        } catch (NodeCallException e) {
            if (!e.unreachable()) {
                log.warn("replica {}: {}", name, e.getMessage());
            }
            return false;
        }
    }

    private boolean run(Replica replica, InstanceConnection instance) {
        String name = replica.name();
        Replica.Spec spec = replica.spec();
        Optional<Path> directory = NodeDisks.directory(spec.dataDirectory());
        if (directory.isEmpty()) {
            // Nothing to retry until the spec changes (which brings the replica back here).
            writeStatus(
                    name,
                    InstanceState.ERROR,
                    "",
                    Condition.Status.False,
                    "InvalidSpec",
                    "spec.dataDirectory must be an absolute path, not '" + spec.dataDirectory() + "'");
            return true;
        }
        if (!disks.holdsReplica(directory.get(), name)) {
            // The control plane computes DISK/replicas/NAME; anything else came from a client or a bug.
            log.warn(
                    "replica {} is not served: its directory {} is not {}/{} on a disk of this node {}",
                    name,
                    directory.get(),
                    DiskLayout.REPLICAS,
                    name,
                    disks.paths());
            writeStatus(
                    name,
                    InstanceState.ERROR,
                    "",
                    Condition.Status.False,
                    "InvalidSpec",
                    "spec.dataDirectory must be DISK/" + DiskLayout.REPLICAS + "/" + name
                            + " on a disk of this node, not '" + spec.dataDirectory() + "'");
            return true;
        }
        String dir = directory.get().toString();
        Optional<ReplicaView> running = mirror.replica(name);
        if (running.isPresent() && !running.get().dir().equals(dir)) {
            stop(name, instance); // its directory changed: never serve a name from two places
            running = Optional.empty();
        }
        ReplicaView view;
        if (running.isPresent()) {
            view = running.get();
        } else {
            try {
                view = instance.client().startReplica(new ReplicaRequest(name, dir, spec.size()));
            } catch (NodeCallException e) {
                if (e.unreachable()) {
                    throw e;
                }
                log.warn("replica {} cannot run: {}", name, e.getMessage());
                writeStatus(name, InstanceState.ERROR, "", Condition.Status.False, "StartFailed", e.getMessage());
                return false;
            }
            mirror.replicaRuns(instance.generation(), view);
        }
        writeStatus(name, InstanceState.RUNNING, view.address(), Condition.Status.True, "Running", "");
        return true;
    }

    private void stop(String name, InstanceConnection instance) {
        instance.client().stopReplica(name, false);
        mirror.replicaStopped(instance.generation(), name);
    }

    /**
     * Stops the deleted replica and removes its directory: through the instance when it runs there,
     * here otherwise (it may never have been started by this instance process).
     */
    private void remove(Replica replica, InstanceConnection instance) {
        String name = replica.name();
        Optional<Path> dir = NodeDisks.directory(replica.spec().dataDirectory());
        boolean purge = dir.isPresent() && disks.holdsReplica(dir.get(), name);
        boolean stopped = instance.client().stopReplica(name, purge);
        mirror.replicaStopped(instance.generation(), name);
        if (purge && !stopped) {
            try {
                Directories.deleteReplicaDirectory(dir.get());
                log.info("replica {} deleted: stopped, {} removed", name, dir.get());
            } catch (IOException e) {
                // Retrying would not change what is there; the operator sees why in the log.
                log.warn("replica {} deleted; its directory is left in place: {}", name, e.getMessage());
            }
        } else if (purge) {
            log.info("replica {} deleted: stopped, {} removed", name, dir.get());
        } else {
            log.warn(
                    "replica {} deleted; its directory '{}' is not its directory on a disk of this node and is left"
                            + " in place",
                    name,
                    replica.spec().dataDirectory());
        }
        cache.cleanedUp(replica);
    }

    private void writeStatus(
            String name, InstanceState state, String address, Condition.Status ready, String reason, String message) {
        writer.modify(Kind.REPLICA, name, current -> {
            Replica.Status old = current.status();
            Condition condition = new Condition(CONDITION, ready, reason, message, clock.instant());
            return current.withStatus(
                    new Replica.Status(state, address, old.mode(), Condition.put(old.conditions(), condition)));
        });
    }
}
