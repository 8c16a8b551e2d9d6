package dev.corral.cli;

import dev.corral.cli.cluster.ClusterCommands;
import dev.corral.cli.cluster.ClusterTarget;
import dev.corral.controlplane.ControlPlaneCommand;
import dev.corral.engine.cli.EngineMain;
import dev.corral.engine.cli.PlainErrors;
import dev.corral.local.LocalCluster;
import dev.corral.node.NodeMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./corral} command: every subcommand of every module, composed once here. */
@Command(
        name = "corral",
        description = "Replicated block storage for self-managed Kubernetes.",
        mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class})
public final class Main {
    public static CommandLine commandLine() {
        return commandLine(ClusterTarget.fromEnvironment(dir -> new LocalCluster(dir).endpoint()));
    }

    /** Every command, with cluster commands and the console talking to {@code clusters}. */
    public static CommandLine commandLine(ClusterTarget clusters) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new ConsoleCommand(clusters));
        cli.addSubcommand("engine", EngineMain.commandLine());
        cli.addSubcommand(new ControlPlaneCommand());
        NodeMain.addTo(cli, clusters.home());
        ClusterCommands.addTo(cli, clusters);
        return PlainErrors.on(cli);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
