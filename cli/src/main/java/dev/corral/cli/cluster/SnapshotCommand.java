package dev.corral.cli.cluster;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.units.ByteSize;
import dev.corral.api.v1.SnapshotInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral snapshot}: snapshots of an attached volume, handled by its engine. */
@Command(
        name = "snapshot",
        description = "Snapshots of a volume (the volume must be attached).",
        mixinStandardHelpOptions = true,
        subcommands = {
            SnapshotCommand.Create.class,
            SnapshotCommand.ListSnapshots.class,
            SnapshotCommand.Delete.class,
            SnapshotCommand.Revert.class
        })
public final class SnapshotCommand {
    final ClusterTarget target;

    public SnapshotCommand(ClusterTarget target) {
        this.target = target;
    }

    @Command(name = "create", description = "Take a snapshot on every replica at one point of the write stream.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VOLUME")
        String volume;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "NAME",
                description = "Letters, digits, '.', '_', '-' (default: a generated name).")
        String name;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                String taken = client.createSnapshot(volume, name);
                return CliOutput.done(spec, "snapshot " + taken + " of volume " + volume + " created");
            }
        }
    }

    @Command(
            name = "list",
            aliases = "ls",
            description = "The volume's snapshot tree: name, parent, created, size on disk, flags.")
    static final class ListSnapshots implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Mixin
        TargetOptions options;

        @Mixin
        OutputOption output;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VOLUME")
        String volume;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                List<SnapshotInfo> layers = client.snapshots(volume);
                PrintWriter out = spec.commandLine().getOut();
                if (output.json()) {
                    OutputOption.printJson(out, layers);
                    return 0;
                }
                Table table = new Table("NAME", "PARENT", "CREATED", "SIZE", "FLAGS");
                for (SnapshotInfo layer : layers) {
                    StringBuilder flags = new StringBuilder(layer.userCreated() ? "user" : "system");
                    if (layer.removed()) {
                        flags.append(",removed");
                    }
                    if (!layer.active()) {
                        flags.append(",branch");
                    }
                    table.row(
                            layer.name(),
                            layer.parent(),
                            layer.created(),
                            ByteSize.format(layer.allocatedBytes()),
                            flags);
                }
                table.print(out);
                return 0;
            }
        }
    }

    /** A command on one named snapshot of a volume: {@code VOLUME NAME}. */
    abstract static class OnSnapshot implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VOLUME")
        String volume;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        /** Does it; answers what to tell the operator. */
        abstract String apply(ClusterClient client);

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                return CliOutput.done(spec, apply(client));
            }
        }
    }

    @Command(name = "delete", description = "Mark a snapshot removed; its space is reclaimed by a purge.")
    static final class Delete extends OnSnapshot {
        @Override
        String apply(ClusterClient client) {
            client.deleteSnapshot(volume, name);
            return "snapshot " + name + " of volume " + volume + " deleted";
        }
    }

    @Command(
            name = "revert",
            description = "Make the volume read as the snapshot again: what was written since is discarded."
                    + " No client may have the volume open.")
    static final class Revert extends OnSnapshot {
        @Override
        String apply(ClusterClient client) {
            client.revertSnapshot(volume, name);
            return "volume " + volume + " reverted to snapshot " + name;
        }
    }
}
