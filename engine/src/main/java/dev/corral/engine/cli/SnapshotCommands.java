package dev.corral.engine.cli;

import java.util.Map;
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
            new ControlClient(parent.ctl.url).post("v1/snapshots", Map.of("name", name));
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
            com.fasterxml.jackson.databind.JsonNode layers = new ControlClient(parent.ctl.url).get("v1/snapshots");
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (parent.ctl.json()) {
                CtlCommand.printJson(out, layers);
                return 0;
            }
            out.printf("%-24s %-24s %-24s %10s %s%n", "NAME", "PARENT", "CREATED", "SIZE", "FLAGS");
            for (com.fasterxml.jackson.databind.JsonNode l : layers) {
                StringBuilder flags = new StringBuilder();
                flags.append(l.path("userCreated").asBoolean() ? "user" : "system");
                if (l.path("removed").asBoolean()) {
                    flags.append(",removed");
                }
                if (!l.path("active").asBoolean()) {
                    flags.append(",branch");
                }
                out.printf(
                        "%-24s %-24s %-24s %10s %s%n",
                        l.path("name").asText(),
                        l.path("parent").isNull() ? "-" : l.path("parent").asText(),
                        l.path("created").asText(),
                        dev.corral.api.units.ByteSize.format(
                                l.path("allocatedBytes").asLong()),
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
            new ControlClient(parent.ctl.url)
                    .delete("v1/snapshots/"
                            + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
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
            new ControlClient(parent.ctl.url).post("v1/actions/purge", Map.of());
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
            new ControlClient(parent.ctl.url).post("v1/actions/revert", Map.of("name", name));
            return CtlCommand.done(spec, String.format("reverted to %s", name));
        }
    }
}
