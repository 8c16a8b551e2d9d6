package dev.corral.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code corral engine}: the data-plane processes and their control tool. */
@Command(
        name = "engine",
        description = "Run a replica server or a volume controller, or inspect a controller.",
        mixinStandardHelpOptions = true,
        subcommands = {ReplicaCommand.class, ControllerCommand.class, CtlCommand.class})
public final class EngineMain {
    public static CommandLine commandLine() {
        return withPlainErrors(new CommandLine(new EngineMain()));
    }

    /**
     * Failures an operator can act on (unreachable controller, refused replica directory) are
     * printed as one line with the reason, not a stack trace; exit code 1.
     */
    public static CommandLine withPlainErrors(CommandLine cli) {
        return cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            Throwable shown = failure;
            while (shown.getCause() != null && shown.getMessage() == null) {
                shown = shown.getCause();
            }
            commandLine.getErr().println("corral: " + (shown.getMessage() != null ? shown.getMessage() : shown));
            commandLine.getErr().flush();
            return 1;
        });
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
