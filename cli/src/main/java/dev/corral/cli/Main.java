package dev.corral.cli;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.cli.cluster.ClusterCommands;
import dev.corral.cli.cluster.ClusterTarget;
import dev.corral.controlplane.ControlPlaneCommand;
import dev.corral.engine.cli.EngineMain;
import dev.corral.local.LocalCluster;
import dev.corral.local.LocalCommand;
import dev.corral.node.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
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
        cli.addSubcommand(new ControlPlaneCommand());
        NodeMain.addTo(cli);
        // Without --url or CORRAL_URL, commands talk to the local cluster in its default place.
        ClusterCommands.addTo(cli, ClusterTarget.fromEnvironment().withFallback(Main::localEndpoint));
        return EngineMain.withPlainErrors(cli);
    }

    private static Optional<ApiEndpoint> localEndpoint() {
        try {
            return new LocalCluster(LocalCommand.defaultDir()).endpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local cluster in " + LocalCommand.defaultDir(), e);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
