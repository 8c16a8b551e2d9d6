package dev.corral.local;

import dev.corral.api.client.CorralHome;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral local}: a whole cluster on this machine, as separate processes on loopback. */
@Command(
        name = "local",
        description = "Run a Corral cluster on this machine: a control plane and node agents on loopback.",
        mixinStandardHelpOptions = true,
        subcommands = {
            LocalCommand.Up.class,
            LocalCommand.Status.class,
            LocalCommand.Down.class,
            LocalCommand.KillNode.class,
            LocalCommand.StartNode.class,
            LocalCommand.AddNode.class
        })
public final class LocalCommand {
    @Mixin
    LocalDirOption dir;

    @Spec
    CommandSpec spec;

    private final CorralHome home;

    public LocalCommand() {
        this(CorralHome.fromEnvironment());
    }

    public LocalCommand(CorralHome home) {
        this.home = home;
    }

    /** A subcommand's {@code --local-dir}, else this command's ({@code local --local-dir DIR up}), else the rule's. */
    LocalCluster cluster(LocalDirOption own) {
        return new LocalCluster(own.given().or(dir::given).orElse(home.localCluster()));
    }

    /** How the commands that talk to a cluster find this one, as a line to act on. */
    String howToReach(LocalCluster cluster) {
        if (cluster.dir().normalize().equals(home.localCluster())) {
            return "other commands (volume, snapshot, node, console) use this cluster by default";
        }
        String dir = shellQuoted(cluster.dir().toString());
        return "point other commands at it: export " + CorralHome.LOCAL_DIR_VARIABLE + "=" + dir
                + "   (or add --local-dir " + dir + " to each)";
    }

    private static String shellQuoted(String text) {
        return text.matches("[A-Za-z0-9_./+:-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    void say(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

    @Command(name = "up", description = "Start the control plane and the node agents (what is not running yet).")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        LocalDirOption dir;

        @Option(
                names = "--nodes",
                defaultValue = "3",
                description = "Nodes of a new cluster (default ${DEFAULT-VALUE}).")
        int nodes;

        @Override
        public Integer call() throws Exception {
            if (nodes < 1 || nodes > 200) {
                throw new IllegalArgumentException("--nodes must be between 1 and 200, not " + nodes);
            }
            LocalCluster cluster = local.cluster(dir);
            local.say("starting a local cluster in " + cluster.dir());
            cluster.up(nodes, local::say);
            local.say("control plane: " + cluster.url().orElseThrow());
            local.say("credentials:   " + cluster.credentialsFile());
            for (String node : cluster.nodeNames()) {
                local.say("node " + node + " at " + cluster.nodeAddress(node));
            }
            local.say(local.howToReach(cluster));
            return 0;
        }
    }

    @Command(name = "status", description = "Which of the cluster's processes run.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        LocalDirOption dir;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = local.cluster(dir);
            local.say("cluster " + cluster.dir() + ", API " + cluster.url().orElse("-"));
            local.say(String.format("%-22s %-8s %s", "PROCESS", "PID", "STATE"));
            boolean all = true;
            for (LocalCluster.ProcessState p : cluster.processes()) {
                local.say(String.format(
                        "%-22s %-8s %s", p.name(), p.running() ? p.pid() : "-", p.running() ? "running" : "stopped"));
                all &= p.running();
            }
            return all ? 0 : 3;
        }
    }

    @Command(name = "down", description = "Stop every process of the cluster; the data stays.")
    static final class Down implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        LocalDirOption dir;

        @Override
        public Integer call() throws Exception {
            local.cluster(dir).down();
            local.say("stopped");
            return 0;
        }
    }

    /** A command on one node of the local cluster: {@code NAME}. */
    abstract static class OnNode implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        LocalDirOption dir;

        @Parameters(paramLabel = "NAME")
        String name;

        /** Does it; answers what to tell the operator. */
        abstract String apply(LocalCluster cluster) throws IOException;

        @Override
        public Integer call() throws Exception {
            local.say(apply(local.cluster(dir)));
            return 0;
        }
    }

    @Command(name = "kill-node", description = "SIGKILL a node's agent and instance process, as a power loss.")
    static final class KillNode extends OnNode {
        @Override
        String apply(LocalCluster cluster) throws IOException {
            cluster.killNode(name);
            return "killed " + name;
        }
    }

    @Command(name = "start-node", description = "Start a node's agent again (it restarts its instance process).")
    static final class StartNode extends OnNode {
        @Override
        String apply(LocalCluster cluster) throws IOException {
            cluster.startNode(name);
            return "started " + name;
        }
    }

    @Command(name = "add-node", description = "Add one more node to the cluster and start it.")
    static final class AddNode implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        LocalDirOption dir;

        @Override
        public Integer call() throws Exception {
            local.say("added " + local.cluster(dir).addNode());
            return 0;
        }
    }
}
