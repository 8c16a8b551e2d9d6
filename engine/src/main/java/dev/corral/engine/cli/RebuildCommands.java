package dev.corral.engine.cli;

import dev.corral.api.units.ByteSize;
import dev.corral.engine.control.ControlRefusal;
import dev.corral.engine.controller.RebuildStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl rebuild status}: the running or last rebuild's progress. */
@Command(name = "rebuild", description = "Replica rebuilds.", subcommands = RebuildCommands.Status.class)
final class RebuildCommands {
    @ParentCommand
    CtlCommand ctl;

    @Command(name = "status", description = "Progress of the running or last rebuild: bytes, rate, ETA, source.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        RebuildCommands parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RebuildStatus status = parent.ctl
                    .client()
                    .rebuild()
                    .orElseThrow(() -> new ControlRefusal(ControlRefusal.Reason.NOT_FOUND, "no rebuild has run"));
            PrintWriter out = spec.commandLine().getOut();
            if (parent.ctl.json()) {
                CtlCommand.printJson(out, status);
                return 0;
            }
            long done = status.bytesDone();
            long total = status.bytesTotal();
            out.printf(
                    Locale.ROOT,
                    "%s -> %s  %s  %s / %s (%.0f%%)  sent %s  %.1f MB/s  ETA %s%s%n",
                    status.source(),
                    status.target(),
                    status.state(),
                    ByteSize.format(done),
                    ByteSize.format(total),
                    total == 0 ? 100.0 : 100.0 * done / total,
                    ByteSize.format(status.bytesSent()),
                    status.bytesPerSecond() / 1e6,
                    status.etaSeconds() == null ? "-" : Math.round(status.etaSeconds()) + "s",
                    status.error() == null ? "" : "  error: " + status.error());
            out.flush();
            return 0;
        }
    }
}
