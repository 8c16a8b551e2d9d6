package dev.corral.node;

import dev.corral.local.LocalCommand;
import dev.corral.node.agent.AgentCommand;
import dev.corral.node.instance.InstanceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of a node's processes (agent, instance) and of the local cluster's command: what
 * the local cluster and an agent start child JVMs through, with this module on the class path.
 */
@Command(name = "corral", description = "Corral node processes.", mixinStandardHelpOptions = true)
public final class NodeMain {
    private NodeMain() {}

    /** Adds the node's commands to {@code root}. */
    public static CommandLine addTo(CommandLine root) {
        root.addSubcommand(new AgentCommand());
        root.addSubcommand(new InstanceCommand());
        root.addSubcommand(new LocalCommand());
        return root;
    }

    public static void main(String[] args) {
        CommandLine cli = addTo(new CommandLine(new NodeMain()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("corral: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
