package dev.corral.cli;

import dev.corral.agent.AgentMain;
import dev.corral.engine.cli.EngineMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./corral} command: every subcommand of every module, composed once here. */
@Command(
        name = "corral",
        description = "Replicated block storage for self-managed Kubernetes.",
        mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class, ConsoleCommand.class})
public final class Main {
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("engine", EngineMain.commandLine());
        AgentMain.addTo(cli);
        return EngineMain.withPlainErrors(cli);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
