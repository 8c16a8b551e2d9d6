package dev.corral.engine.cli;

import picocli.CommandLine;

/**
 * The error handler of every Corral entry point: a failure an operator can act on (unreachable
 * API, refused directory, bad request) is printed as one line with its reason, not a stack trace;
 * exit code 1.
 */
public final class PlainErrors {
    private PlainErrors() {}

    /** Sets the handler on {@code cli} and the subcommands it has now; answers {@code cli}. */
    public static CommandLine on(CommandLine cli) {
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
}
