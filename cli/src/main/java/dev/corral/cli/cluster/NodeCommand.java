package dev.corral.cli.cluster;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Condition;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.units.ByteSize;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral node}: the storage nodes and whether new replicas may go to them. */
@Command(
        name = "node",
        description = "Storage nodes of the cluster.",
        mixinStandardHelpOptions = true,
        subcommands = {
            NodeCommand.ListNodes.class,
            NodeCommand.DisableScheduling.class,
            NodeCommand.EnableScheduling.class
        })
public final class NodeCommand {
    final ClusterTarget target;

    public NodeCommand(ClusterTarget target) {
        this.target = target;
    }

    @Command(
            name = "list",
            aliases = "ls",
            description = "List nodes: readiness, scheduling, address, zone, tags, replicas, free and total storage.")
    static final class ListNodes implements Callable<Integer> {
        @ParentCommand
        NodeCommand parent;

        @Mixin
        TargetOptions options;

        @Mixin
        OutputOption output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                List<Node> nodes = client.store().list(Kind.NODE);
                PrintWriter out = spec.commandLine().getOut();
                if (output.json()) {
                    OutputOption.printJson(out, nodes);
                    return 0;
                }
                List<Replica> replicas = client.store().list(Kind.REPLICA);
                Table table = new Table(
                        "NAME", "READY", "SCHEDULING", "ADDRESS", "ZONE", "TAGS", "REPLICAS", "STORAGE (FREE/TOTAL)");
                for (Node n : nodes) {
                    table.row(
                            n.name(),
                            ready(n),
                            scheduling(n),
                            n.spec().address(),
                            n.spec().zone(),
                            String.join(",", n.spec().tags()),
                            replicas.stream()
                                    .filter(r -> n.name().equals(r.spec().nodeId()))
                                    .count(),
                            storage(n));
                }
                table.print(out);
                return 0;
            }
        }

        private static String ready(Node node) {
            Condition ready = Condition.find(node.status().conditions(), Node.READY);
            if (ready == null) {
                return "Unknown";
            }
            return ready.isTrue() || ready.reason().isEmpty()
                    ? ready.status().name()
                    : ready.status() + " (" + ready.reason() + ")";
        }

        private static String scheduling(Node node) {
            String allowed = node.spec().allowScheduling() ? "enabled" : "disabled";
            return node.spec().evictionRequested() ? allowed + ",evicting" : allowed;
        }

        private static String storage(Node node) {
            long free = 0;
            long total = 0;
            for (Node.DiskStatus disk : node.status().disks().values()) {
                free += disk.storageAvailable();
                total += disk.storageMaximum();
            }
            // Disk figures are rarely whole units: one decimal reads better than "63957968Ki".
            return total == 0
                    ? ""
                    : ByteSize.format(free).replace(" ", "") + "/"
                            + ByteSize.format(total).replace(" ", "");
        }
    }

    @Command(name = "disable-scheduling", description = "Place no new replicas on a node; its replicas stay.")
    static final class DisableScheduling implements Callable<Integer> {
        @ParentCommand
        NodeCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                client.setScheduling(name, false);
                return CliOutput.done(spec, "node " + name + ": scheduling disabled");
            }
        }
    }

    @Command(name = "enable-scheduling", description = "Allow new replicas on a node again.")
    static final class EnableScheduling implements Callable<Integer> {
        @ParentCommand
        NodeCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                client.setScheduling(name, true);
                return CliOutput.done(spec, "node " + name + ": scheduling enabled");
            }
        }
    }
}
