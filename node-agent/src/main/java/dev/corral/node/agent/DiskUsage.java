package dev.corral.node.agent;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** A disk's filesystem size and the bytes an unprivileged user may still write (statvfs). */
record DiskUsage(long total, long usable) {
    static DiskUsage of(Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        return new DiskUsage(store.getTotalSpace(), store.getUsableSpace());
    }
}
