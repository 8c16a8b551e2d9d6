package dev.corral.engine.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl snapshot create NAME}: a snapshot on every replica at one point of the write stream. */
@Command(name = "snapshot", description = "Snapshots of the volume.", subcommands = SnapshotCommands.Create.class)
final class SnapshotCommands {
    @ParentCommand
    CtlCommand ctl;

    @Command(name = "create", description = "Take a snapshot on every replica at one point of the write stream.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SnapshotCommands parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Snapshot name: letters, digits, '.', '_', '-'.")
        String name;

        @Override
        public Integer call() {
            new ControlClient(parent.ctl.url).post("v1/snapshots", Map.of("name", name));
            spec.commandLine().getOut().printf("snapshot %s created%n", name);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
