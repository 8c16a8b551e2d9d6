package dev.corral.local;

import java.nio.file.Path;
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
    @Option(names = "--dir", description = "The cluster's directory (default: $CORRAL_HOME/local, or ~/.corral/local).")
    Path dir;

    @Spec
    CommandSpec spec;

    /** {@code --dir} after the subcommand too: {@code corral local up --dir DIR}. */
    static final class DirOption {
        @Option(names = "--dir", description = "The cluster's directory (default: $CORRAL_HOME/local).")
        Path dir;
    }

    /** The default directory, also where other commands look for a local cluster's URL. */
    public static Path defaultDir() {
        String home = System.getenv("CORRAL_HOME");
        return (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".corral")).resolve("local");
    }

    LocalCluster cluster(DirOption own) {
        Path chosen = own.dir != null ? own.dir : dir;
        return new LocalCluster(chosen != null ? chosen : defaultDir());
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
        DirOption dir;

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
            cluster.up(nodes);
            local.say("control plane: " + cluster.url().orElseThrow());
            local.say("credentials:   " + cluster.credentialsFile());
            for (String node : cluster.nodeNames()) {
                local.say("node " + node + " at " + cluster.nodeAddress(node));
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Which of the cluster's processes run.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        DirOption dir;

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
        DirOption dir;

        @Override
        public Integer call() throws Exception {
            local.cluster(dir).down();
            local.say("stopped");
            return 0;
        }
    }

    @Command(name = "kill-node", description = "SIGKILL a node's agent and instance process, as a power loss.")
    static final class KillNode implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        DirOption dir;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            local.cluster(dir).killNode(name);
            local.say("killed " + name);
            return 0;
        }
    }

    @Command(name = "start-node", description = "Start a node's agent again (it restarts its instance process).")
    static final class StartNode implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        DirOption dir;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            local.cluster(dir).startNode(name);
            local.say("started " + name);
            return 0;
        }
    }

    @Command(name = "add-node", description = "Add one more node to the cluster and start it.")
    static final class AddNode implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Mixin
        DirOption dir;

        @Override
        public Integer call() throws Exception {
            local.say("added " + local.cluster(dir).addNode());
            return 0;
        }
    }
}
