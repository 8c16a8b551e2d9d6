package dev.corral.engine.replica.store;

import dev.corral.engine.testsupport.ExternalCommand;
import java.nio.file.Path;
import java.time.Duration;

/** What a file occupies on disk, as stat(1) reports it. */
final class DiskUsage {
    private DiskUsage() {}

    static long allocatedBytes(Path file) {
        String[] fields = ExternalCommand.run(Duration.ofSeconds(10), "stat", "-c", "%b %B", file.toString())
                .strip()
                .split(" ");
        return Long.parseLong(fields[0]) * Long.parseLong(fields[1]);
    }

    static long apparentBytes(Path file) {
        return Long.parseLong(ExternalCommand.run(Duration.ofSeconds(10), "stat", "-c", "%s", file.toString())
                .strip());
    }
}
