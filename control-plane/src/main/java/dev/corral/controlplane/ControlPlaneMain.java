package dev.corral.controlplane;

import dev.corral.engine.cli.PlainErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of the control plane's process: {@code control-plane --dir DIR --listen IP:PORT}. */
@Command(name = "corral", description = "Corral control plane.", mixinStandardHelpOptions = true)
public final class ControlPlaneMain {
    private ControlPlaneMain() {}

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ControlPlaneMain()).addSubcommand(new ControlPlaneCommand());
        System.exit(PlainErrors.on(cli).execute(args));
    }
}
