package dev.corral.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code corral engine}: the data-plane processes and their control tool. */
@Command(
        name = "engine",
        description = "Run a replica server or a volume controller, inspect a controller, or issue an identity.",
        mixinStandardHelpOptions = true,
        subcommands = {ReplicaCommand.class, ControllerCommand.class, CtlCommand.class, IdentityCommand.class})
public final class EngineMain {
    public static CommandLine commandLine() {
        return PlainErrors.on(new CommandLine(new EngineMain()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
