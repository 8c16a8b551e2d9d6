package dev.corral.node.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** File-tree helpers for replica directories (the instance and the agent both remove them). */
public final class Directories {
    private Directories() {}

    /** A directory that holds more than a replica's files: deleting it might delete someone else's. */
    public static final class NotAReplicaDirectory extends IOException {
        NotAReplicaDirectory(String message) {
            super(message);
        }
    }

    /** True when {@code dir} does not exist or holds nothing: a replica is created there. */
    public static boolean absentOrEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Deletes a replica's directory: its files, then it. A replica's directory is flat, so one
     * that holds a directory is not (only) a replica's: it is refused, and nothing is deleted.
     */
    public static void deleteReplicaDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotAReplicaDirectory(dir + " is not a directory; not deleted");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            Optional<Path> nested = entries.filter(entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
                    .findFirst();
            if (nested.isPresent()) {
                throw new NotAReplicaDirectory(dir + " holds the directory "
                        + nested.get().getFileName() + ", which no replica makes; not deleted");
            }
        }
        deleteTree(dir);
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
