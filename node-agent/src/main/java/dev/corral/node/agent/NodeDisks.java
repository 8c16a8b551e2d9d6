package dev.corral.node.agent;

import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.Node;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paths of this node's disks as its Node spec last named them. A replica is served from, and
 * deleted with, only its own directory {@code DISK/replicas/NAME} on one of them ({@link
 * DiskLayout}): a replica's data directory comes from the store, and a wrong one must not make the
 * agent write into or remove anything else. A disk path the API's rules refuse (a relative path,
 * {@code /}, a system directory: an object stored before the rules) is ignored.
 */
final class NodeDisks {
    private static final Logger log = LoggerFactory.getLogger(NodeDisks.class);

    private volatile List<Path> paths;

    NodeDisks(Path defaultDisk) {
        this.paths = List.of(normalized(defaultDisk));
    }

    void update(Node node) {
        List<Path> named = new ArrayList<>();
        node.spec().disks().forEach((name, disk) -> {
            Optional<String> problem = DiskLayout.diskPathProblem(disk.path());
            if (problem.isPresent()) {
                log.warn("disk {} of node {} is ignored: {}", name, node.name(), problem.get());
            } else {
                named.add(normalized(Path.of(disk.path())));
            }
        });
        if (!named.isEmpty()) {
            paths = List.copyOf(named);
        }
    }

    List<Path> paths() {
        return paths;
    }

    /** Whether {@code dir} lies below one of the disks (never a disk itself). */
    boolean holds(Path dir) {
        Path candidate = normalized(dir);
        return paths.stream().anyMatch(disk -> candidate.startsWith(disk) && !candidate.equals(disk));
    }

    /** Whether {@code dir} is the directory of the replica {@code replicaName} on one of the disks. */
    boolean holdsReplica(Path dir, String replicaName) {
        Path candidate = normalized(dir);
        return paths.stream()
                .anyMatch(disk ->
                        candidate.equals(disk.resolve(DiskLayout.REPLICAS).resolve(replicaName))
                                && candidate.getParent().equals(disk.resolve(DiskLayout.REPLICAS)));
    }

    /** A data directory from a spec, when it is an absolute path (else there is none to use). */
    static Optional<Path> directory(String path) {
        try {
            return path == null || path.isBlank() || !Path.of(path).isAbsolute()
                    ? Optional.empty()
                    : Optional.of(normalized(Path.of(path)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
