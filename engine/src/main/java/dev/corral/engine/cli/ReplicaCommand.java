package dev.corral.engine.cli;

import dev.corral.engine.util.HostPort;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code corral engine replica}: serve one replica directory over the replica protocol. */
@Command(
        name = "replica",
        description = "Serve a replica directory (created when empty) to volume controllers.",
        mixinStandardHelpOptions = true)
final class ReplicaCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Replica directory (created if absent or empty).")
    Path dir;

    @Option(
            names = "--listen",
            required = true,
            converter = Converters.Address.class,
            description = "HOST:PORT to serve on; port 0 picks a free port.")
    HostPort listen;

    @Option(
            names = "--size",
            required = true,
            converter = SizeConverter.class,
            description = "Volume size, e.g. 10Gi; must match an existing replica's size.")
    long size;

    @Option(names = "--revision-counter", description = "Keep a per-write revision counter (slower writes).")
    boolean revisionCounter;

    @Override
    public Integer call() throws Exception {
        return ReplicaProcess.run(new ReplicaProcess.Settings(dir, listen, size, revisionCounter));
    }
}
