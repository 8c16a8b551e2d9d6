package dev.corral.node.agent;

import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.Replica;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.ReplicaView;
import dev.corral.node.instance.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the watch has delivered every existing object: what was deleted while the agent was away.
 * Directories under a disk's {@code replicas/} that no replica of this node names are removed (with
 * the replica server, should one still serve them), and replicas and engines the instance still
 * runs that no object of this node names are stopped.
 */
final class OrphanSweep {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final NodeCache cache;
    private final InstanceMirror mirror;
    private final NodeDisks disks;

    OrphanSweep(NodeCache cache, InstanceMirror mirror, NodeDisks disks) {
        this.cache = cache;
        this.mirror = mirror;
        this.disks = disks;
    }

    boolean run() throws IOException {
        InstanceConnection instance = mirror.connection();
        if (instance == null) {
            return false;
        }
        Set<Path> named = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Replica replica : cache.myReplicas()) {
            NodeDisks.directory(replica.spec().dataDirectory()).ifPresent(named::add);
            names.add(replica.name());
        }
        for (Path disk : disks.paths()) {
            for (Path dir : children(disk.resolve(DiskLayout.REPLICAS))) {
                if (named.contains(dir) || !disks.holds(dir)) {
                    continue;
                }
                var served = mirror.replicaIn(dir.toString());
                if (served.isPresent()) {
                    instance.client().stopReplica(served.get().name(), true);
                    mirror.replicaStopped(instance.generation(), served.get().name());
                    log.info("removed {}: no replica of this node names it", dir);
                } else {
                    try {
                        Directories.deleteReplicaDirectory(dir);
                        log.info("removed {}: no replica of this node names it", dir);
                    } catch (IOException e) {
                        log.warn("no replica of this node names {}, but it is left in place: {}", dir, e.getMessage());
                    }
                }
            }
        }
        for (ReplicaView running : List.copyOf(instanceReplicas(instance))) {
            if (!names.contains(running.name())
                    && cache.deletedReplica(running.name()).isEmpty()) {
                instance.client().stopReplica(running.name(), false);
                mirror.replicaStopped(instance.generation(), running.name());
                log.info("stopped replica {}: no replica of this node names it", running.name());
            }
        }
        Set<String> volumes = new HashSet<>();
        cache.myEngines().forEach(e -> volumes.add(e.spec().volumeName()));
        for (EngineView engine : mirror.engines()) {
            if (!volumes.contains(engine.volume())) {
                instance.client().stopEngine(engine.volume());
                mirror.engineStopped(instance.generation(), engine.volume());
                log.info("stopped the engine of volume {}: no engine of this node names it", engine.volume());
            }
        }
        return true;
    }

    private static List<ReplicaView> instanceReplicas(InstanceConnection instance) {
        return instance.client().replicas();
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(NodeDisks::normalized).toList();
        }
    }
}
