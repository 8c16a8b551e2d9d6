package dev.corral.node;

import dev.corral.api.client.CorralHome;
import dev.corral.engine.cli.PlainErrors;
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

    /** Adds the node's commands to {@code root}; {@code local} finds its cluster by {@code home}'s rule. */
    public static CommandLine addTo(CommandLine root, CorralHome home) {
        root.addSubcommand(new AgentCommand());
        root.addSubcommand(new InstanceCommand());
        root.addSubcommand(new LocalCommand(home));
        return root;
    }

    public static void main(String[] args) {
        System.exit(PlainErrors.on(addTo(new CommandLine(new NodeMain()), CorralHome.fromEnvironment()))
                .execute(args));
    }
}
