package dev.corral.node.instance;

import dev.corral.api.node.ReplicaRequest;
import dev.corral.api.node.ReplicaView;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica servers of the instance, by replica name. Starting is idempotent (same name, same
 * directory: the running one); a directory serves one name at a time; a directory being closed is
 * reopened only once its close finished (its lock file is still held until then). Opening and
 * closing run on the worker pool: opening scans the layer files, closing waits for disk syncs.
 */
final class ReplicaHost {
    private static final Logger log = LoggerFactory.getLogger(ReplicaHost.class);

    private final SharedIo io;
    private final ReplicaServerConfig servers;

    private final Map<String, Entry> byName = new HashMap<>(); // guarded by this
    private final Map<Path, CompletableFuture<Void>> closing = new HashMap<>(); // guarded by this

    private record Entry(Path dir, CompletableFuture<HostedReplica> replica) {}

    ReplicaHost(SharedIo io, ReplicaSecurity security) {
        this.io = io;
        this.servers = security.servers(ReplicaServerConfig.DEFAULT);
    }

    CompletableFuture<Started<ReplicaView>> start(ReplicaRequest request) {
        String name = RequestChecks.name("name", request.name());
        Path dir = RequestChecks.absoluteDirectory("dir", request.dir());
        long size = RequestChecks.size("size", request.size());
        synchronized (this) {
            Entry existing = byName.get(name);
            if (existing != null) {
                if (!existing.dir().equals(dir)) {
                    throw InstanceException.conflict(
                            "replica " + name + " already runs on " + existing.dir() + ", not " + dir);
                }
                return existing.replica().thenApply(replica -> new Started<>(replica.view(), false));
            }
            byName.forEach((other, entry) -> {
                if (entry.dir().equals(dir)) {
                    throw InstanceException.conflict("directory " + dir + " is served by replica " + other);
                }
            });
            CompletableFuture<Void> previousClose = closing.getOrDefault(dir, CompletableFuture.completedFuture(null));
            CompletableFuture<HostedReplica> started =
                    previousClose.thenApplyAsync(ignored -> open(name, dir, size), io.workers());
            Entry entry = new Entry(dir, started);
            byName.put(name, entry);
            started.whenComplete((replica, failure) -> {
                if (failure != null) {
                    synchronized (this) {
                        byName.remove(name, entry);
                    }
                }
            });
            return started.thenApply(replica -> new Started<>(replica.view(), true));
        }
    }

    /**
     * An existing replica opens at its own size: whether it fits its volume is the engine's check
     * (a mismatch puts it in ERR with the reason), and a replica that missed an expansion must
     * still open so that it can be seen and replaced. Opening failures are conflicts: the
     * directory's state (in use, not a replica, unreadable) stands in the way, not the request.
     */
    private HostedReplica open(String name, Path dir, long size) {
        try {
            LayeredReplicaStore store = Directories.absentOrEmpty(dir)
                    ? LayeredReplicaStore.create(dir, size, false)
                    : LayeredReplicaStore.open(dir);
            try {
                ReplicaServer server =
                        ReplicaServer.startOn(store, new InetSocketAddress(io.host(), 0), servers, io.loops());
                log.info("replica {} serves {} on {}", name, dir, server.hostPort());
                return new HostedReplica(name, dir, store, server);
            } catch (IOException | RuntimeException e) {
                store.close();
                throw e;
            }
        } catch (IOException e) {
            InstanceException refused =
                    InstanceException.conflict("cannot serve replica " + name + " from " + dir + ": " + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }

    /**
     * Stops the replica; with {@code purge} its directory is deleted afterwards. Completes with
     * false when no replica of that name runs here.
     */
    CompletableFuture<Boolean> stop(String name, boolean purge) {
        RequestChecks.name("name", name);
        synchronized (this) {
            Entry entry = byName.remove(name);
            if (entry == null) {
                return CompletableFuture.completedFuture(false);
            }
            CompletableFuture<Void> closed = entry.replica()
                    .handle((replica, startFailure) -> replica)
                    .thenAcceptAsync(
                            replica -> {
                                try {
                                    if (replica != null) {
                                        replica.close();
                                    }
                                    if (purge && replica == null) {
                                        // It never opened as a replica: whatever is there is not ours.
                                        log.warn(
                                                "replica {} stopped; {} never opened as its directory and is"
                                                        + " left in place",
                                                name,
                                                entry.dir());
                                    } else if (purge) {
                                        purge(name, entry.dir());
                                    } else {
                                        log.info("replica {} stopped", name);
                                    }
                                } catch (IOException e) {
                                    throw new UncheckedIOException(
                                            "stopping replica " + name + ": " + e.getMessage(), e);
                                }
                            },
                            io.workers());
            closing.put(entry.dir(), closed);
            closed.whenComplete((ok, failure) -> {
                synchronized (this) {
                    closing.remove(entry.dir(), closed);
                }
            });
            return closed.thenApply(ok -> true);
        }
    }

    /** Deletes a stopped replica's directory, or refuses (and says why) when it holds more than a replica. */
    private static void purge(String name, Path dir) throws IOException {
        try {
            Directories.deleteReplicaDirectory(dir);
        } catch (Directories.NotAReplicaDirectory e) {
            log.warn("replica {} stopped; {}", name, e.getMessage());
            throw InstanceException.conflict("replica " + name + " stopped; " + e.getMessage());
        }
        log.info("replica {} stopped, {} removed", name, dir);
    }

    /** The replicas that serve now, by name (those still opening are left out). */
    synchronized List<ReplicaView> list() {
        List<ReplicaView> views = new ArrayList<>();
        for (Entry entry : byName.values()) {
            CompletableFuture<HostedReplica> replica = entry.replica();
            if (replica.isDone() && !replica.isCompletedExceptionally()) {
                views.add(replica.join().view());
            }
        }
        views.sort(Comparator.comparing(ReplicaView::name));
        return views;
    }

    synchronized int count() {
        return byName.size();
    }

    /** Closes every replica (at shutdown), in parallel: each close syncs its files. */
    void closeAll() {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(byName.keySet());
        }
        CompletableFuture.allOf(names.stream()
                        .map(name -> stop(name, false).exceptionally(failure -> {
                            log.warn("closing replica {}: {}", name, failure.toString());
                            return false;
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();
    }
}
