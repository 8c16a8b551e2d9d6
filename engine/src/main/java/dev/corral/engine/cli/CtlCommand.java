package dev.corral.engine.cli;

import dev.corral.engine.control.ControlClient;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.stats.IoStats.OpStats;
import dev.corral.engine.stats.IoStats.VolumeStats;
import dev.corral.engine.stats.OpKind;
import dev.corral.engine.util.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral engine ctl}: inspect a running controller through its control API. */
@Command(
        name = "ctl",
        description = "Inspect a running volume controller through its control API.",
        mixinStandardHelpOptions = true,
        subcommands = {
            CtlCommand.ReplicaCommands.class,
            CtlCommand.Stats.class,
            RebuildCommands.class,
            SnapshotCommands.class,
            ExpandCommand.class
        })
public final class CtlCommand {
    @Option(names = "--url", required = true, description = "Control API URL, e.g. http://127.0.0.1:9500")
    String url;

    @Option(
            names = {"-o", "--output"},
            description = "Output format: table (default) or json")
    String output = "table";

    boolean json() {
        return "json".equalsIgnoreCase(output);
    }

    /** The one client every ctl command talks to the controller through. */
    ControlClient client() {
        return ControlClient.connect(url);
    }

    /** Prints the one line an action command answers with; exit code 0. */
    static int done(CommandSpec spec, String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static void printJson(PrintWriter out, Object answer) throws Exception {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        out.flush();
    }

    @Command(
            name = "replica",
            description = "Replicas of the volume.",
            subcommands = {ReplicaCommands.Ls.class, ReplicaAdd.class, ReplicaRm.class})
    static final class ReplicaCommands {
        @ParentCommand
        CtlCommand ctl;

        @Command(name = "ls", description = "Address, mode (RW, WO, ERR) and failure reason of each replica.")
        static final class Ls implements Callable<Integer> {
            @ParentCommand
            ReplicaCommands parent;

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                CtlCommand ctl = parent.ctl;
                List<ReplicaStatus> replicas = ctl.client().replicas();
                PrintWriter out = spec.commandLine().getOut();
                if (ctl.json()) {
                    printJson(out, replicas);
                    return 0;
                }
                out.printf("%-24s %-5s %s%n", "ADDRESS", "MODE", "REASON");
                for (ReplicaStatus r : replicas) {
                    out.printf(
                            "%-24s %-5s %s%n",
                            r.address(), r.mode(), r.failureReason() == null ? "" : r.failureReason());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "stats", description = "Live I/O statistics: rates over the last second, latency over ten.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            VolumeStats stats = ctl.client().stats();
            PrintWriter out = spec.commandLine().getOut();
            if (ctl.json()) {
                printJson(out, stats);
                return 0;
            }
            out.printf(
                    "%-13s %10s %10s %9s %9s %9s %12s %7s%n",
                    "OP", "OPS/S", "MB/S", "P50(us)", "P99(us)", "P99.9(us)", "TOTAL", "ERRORS");
            for (OpKind kind : OpKind.values()) {
                OpStats op = stats.ops().get(kind);
                if (op == null) {
                    continue;
                }
                out.printf(
                        Locale.ROOT,
                        "%-13s %10.0f %10.1f %9d %9d %9d %12d %7d%n",
                        kind,
                        op.opsPerSec(),
                        op.bytesPerSec() / 1e6,
                        op.p50Micros(),
                        op.p99Micros(),
                        op.p999Micros(),
                        op.totalOps(),
                        op.errors());
            }
            out.flush();
            return 0;
        }
    }
}
