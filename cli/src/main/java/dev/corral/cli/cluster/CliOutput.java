package dev.corral.cli.cluster;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The one line an action command answers with. */
final class CliOutput {
    private CliOutput() {}

    static int done(CommandSpec spec, String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return 0;
    }
}
