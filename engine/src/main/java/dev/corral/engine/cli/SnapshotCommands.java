package dev.corral.engine.cli;

import dev.corral.api.units.ByteSize;
import dev.corral.engine.replica.LayerInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl snapshot create NAME}: a snapshot on every replica at one point of the write stream. */
@Command(
        name = "snapshot",
        description = "Snapshots of the volume.",
        subcommands = {
            SnapshotCommands.Create.class,
            SnapshotCommands.Ls.class,
            SnapshotCommands.Rm.class,
            SnapshotCommands.Purge.class,
            SnapshotCommands.Revert.class
        })
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
            parent.ctl.client().createSnapshot(name);
            return CtlCommand.done(spec, String.format("snapshot %s created", name));
        }
    }

    @Command(name = "ls", description = "The snapshot tree: name, parent, created, size on disk, removed.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        SnapshotCommands parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<LayerInfo> layers = parent.ctl.client().snapshots();
            PrintWriter out = spec.commandLine().getOut();
            if (parent.ctl.json()) {
                CtlCommand.printJson(out, layers);
                return 0;
            }
            out.printf("%-24s %-24s %-24s %10s %s%n", "NAME", "PARENT", "CREATED", "SIZE", "FLAGS");
            for (LayerInfo l : layers) {
                StringBuilder flags = new StringBuilder();
                flags.append(l.userCreated() ? "user" : "system");
                if (l.removed()) {
                    flags.append(",removed");
                }
                if (!l.active()) {
                    flags.append(",branch");
                }
                out.printf(
                        "%-24s %-24s %-24s %10s %s%n",
                        l.name(),
                        l.parent() == null ? "-" : l.parent(),
                        l.created(),
                        ByteSize.format(l.allocatedBytes()),
                        flags);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rm", description = "Mark a snapshot removed; 'snapshot purge' frees its space.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        SnapshotCommands parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            parent.ctl.client().deleteSnapshot(name);
            return CtlCommand.done(spec, String.format("snapshot %s removed", name));
        }
    }

    @Command(name = "purge", description = "Fold removed snapshots into their neighbours and free their space.")
    static final class Purge implements Callable<Integer> {
        @ParentCommand
        SnapshotCommands parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            parent.ctl.client().purgeSnapshots();
            return CtlCommand.done(spec, "purged");
        }
    }

    @Command(name = "revert", description = "Make the volume read as a snapshot again (no client may be connected).")
    static final class Revert implements Callable<Integer> {
        @ParentCommand
        SnapshotCommands parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            parent.ctl.client().revert(name);
            return CtlCommand.done(spec, String.format("reverted to %s", name));
        }
    }
}
