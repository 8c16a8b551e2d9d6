package dev.corral.node.agent;

import dev.corral.api.model.Node;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The paths of this node's disks as its Node spec last named them. Only directories strictly below
 * one of them are ever deleted by the agent: a replica's data directory comes from the control
 * plane, and a wrong one must not make the agent remove anything else.
 */
final class NodeDisks {
    private volatile List<Path> paths;

    NodeDisks(Path defaultDisk) {
        this.paths = List.of(normalized(defaultDisk));
    }

    void update(Node node) {
        List<Path> named = node.spec().disks().values().stream()
                .map(disk -> normalized(Path.of(disk.path())))
                .toList();
        if (!named.isEmpty()) {
            paths = named;
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
