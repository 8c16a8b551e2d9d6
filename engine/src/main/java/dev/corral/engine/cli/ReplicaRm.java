package dev.corral.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl replica rm HOST:PORT}: take a replica out of the volume. */
@Command(name = "rm", description = "Take a replica out of the volume (a rebuild of it stops).")
final class ReplicaRm implements Callable<Integer> {
    @ParentCommand
    CtlCommand.ReplicaCommands parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HOST:PORT", description = "The replica to remove.")
    String address;

    @Override
    public Integer call() {
        parent.ctl.client().removeReplica(address);
        return CtlCommand.done(spec, String.format("replica %s removed", address));
    }
}
