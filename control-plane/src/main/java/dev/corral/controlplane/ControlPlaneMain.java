package dev.corral.controlplane;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of the control plane's process: {@code control-plane --dir DIR --listen IP:PORT}. */
@Command(name = "corral", description = "Corral control plane.", mixinStandardHelpOptions = true)
public final class ControlPlaneMain {
    private ControlPlaneMain() {}

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ControlPlaneMain()).addSubcommand(new ControlPlaneCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("corral: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
