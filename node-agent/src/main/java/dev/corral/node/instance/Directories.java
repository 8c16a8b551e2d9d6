package dev.corral.node.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-tree helpers for replica directories (the instance and the agent both remove them). */
public final class Directories {
    private Directories() {}

    /** True when {@code dir} does not exist or holds nothing: a replica is created there. */
    public static boolean absentOrEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes {@code dir} and everything below it; nothing happens when it is absent. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList(); // children before parents
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
