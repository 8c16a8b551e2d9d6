package dev.corral.agent;

import dev.corral.agent.cli.ClusterCommands;
import dev.corral.agent.cli.ClusterTarget;
import dev.corral.agent.control.ControlPlaneCommand;
import dev.corral.agent.instance.InstanceCommand;
import dev.corral.agent.local.LocalCluster;
import dev.corral.agent.local.LocalCommand;
import dev.corral.agent.node.AgentCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The cluster's commands: the processes (control plane, agent, instance) and the operator's
 * commands (local, volume, snapshot, node). The `corral` launcher adds them all; the local cluster
 * starts its processes through this class, which needs only this module on the class path.
 */
@Command(name = "corral", description = "Corral cluster processes and commands.", mixinStandardHelpOptions = true)
public final class AgentMain {
    private AgentMain() {}

    /** Adds every cluster command to {@code root}. */
    public static CommandLine addTo(CommandLine root) {
        root.addSubcommand(new ControlPlaneCommand());
        root.addSubcommand(new AgentCommand());
        root.addSubcommand(new InstanceCommand());
        root.addSubcommand(new LocalCommand());
        // Without --url or CORRAL_URL, commands talk to the local cluster in its default place.
        ClusterCommands.addTo(root, ClusterTarget.fromEnvironment().withFallback(AgentMain::localEndpoint));
        return root;
    }

    private static Optional<dev.corral.api.client.ApiEndpoint> localEndpoint() {
        try {
            return new LocalCluster(LocalCommand.defaultDir()).endpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local cluster in " + LocalCommand.defaultDir(), e);
        }
    }

    public static void main(String[] args) {
        CommandLine cli = addTo(new CommandLine(new AgentMain()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("corral: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
