package dev.corral.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.units.ByteSize;
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
            JsonNode status = new ControlClient(parent.ctl.url).get("v1/rebuild");
            PrintWriter out = spec.commandLine().getOut();
            if (parent.ctl.json()) {
                CtlCommand.printJson(out, status);
                return 0;
            }
            long done = status.path("bytesDone").asLong();
            long total = status.path("bytesTotal").asLong();
            out.printf(
                    Locale.ROOT,
                    "%s -> %s  %s  %s / %s (%.0f%%)  sent %s  %.1f MB/s  ETA %s%s%n",
                    status.path("source").asText(),
                    status.path("target").asText(),
                    status.path("state").asText(),
                    ByteSize.format(done),
                    ByteSize.format(total),
                    total == 0 ? 100.0 : 100.0 * done / total,
                    ByteSize.format(status.path("bytesSent").asLong()),
                    status.path("bytesPerSecond").asDouble() / 1e6,
                    status.path("etaSeconds").isNull()
                            ? "-"
                            : Math.round(status.path("etaSeconds").asDouble()) + "s",
                    status.path("error").isNull()
                            ? ""
                            : "  error: " + status.path("error").asText());
            out.flush();
            return 0;
        }
    }
}
