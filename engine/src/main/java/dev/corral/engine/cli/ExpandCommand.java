package dev.corral.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl expand SIZE}: grow the volume while it is attached. */
@Command(name = "expand", description = "Grow the volume online; clients that reconnect see the new size.")
final class ExpandCommand implements Callable<Integer> {
    @ParentCommand
    CtlCommand ctl;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SIZE", converter = SizeConverter.class, description = "New size, e.g. 20Gi.")
    long size;

    @Override
    public Integer call() {
        ctl.client().expand(size);
        return CtlCommand.done(spec, String.format("expanded to %d bytes", size));
    }
}
