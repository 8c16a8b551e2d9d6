package dev.corral.engine.cli;

import dev.corral.api.units.ByteSize;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl replica add HOST:PORT}: attach a replica and rebuild it while the volume serves. */
@Command(
        name = "add",
        description = "Attach an empty or stale replica server as WO and rebuild it live; see 'rebuild status'.")
final class ReplicaAdd implements Callable<Integer> {
    @ParentCommand
    CtlCommand.ReplicaCommands parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HOST:PORT", description = "The replica server to attach.")
    String address;

    @Option(names = "--bandwidth-limit", description = "Copy at most this much per second, e.g. 100Mi.")
    String bandwidthLimit;

    @Override
    public Integer call() {
        long limit = bandwidthLimit == null ? 0 : ByteSize.parse(bandwidthLimit);
        parent.ctl.client().addReplica(address, limit);
        return CtlCommand.done(spec, String.format("replica %s attached; rebuilding", address));
    }
}
