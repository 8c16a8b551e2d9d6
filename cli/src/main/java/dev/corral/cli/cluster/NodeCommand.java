package dev.corral.cli.cluster;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
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
                List<Replica> replicas = client.store().list(Kind.REPLICA);
                List<NodeSummary> nodes = client.store().list(Kind.NODE).stream()
                        .map(n -> NodeSummary.of(n, replicas))
                        .toList();
                PrintWriter out = spec.commandLine().getOut();
                if (output.json()) {
                    OutputOption.printJson(out, nodes);
                    return 0;
                }
                Table table = new Table(
                        "NAME", "READY", "SCHEDULING", "ADDRESS", "ZONE", "TAGS", "REPLICAS", "STORAGE (FREE/TOTAL)");
                for (NodeSummary n : nodes) {
                    table.row(
                            n.name(),
                            n.readyReason().isEmpty() ? n.ready() : n.ready() + " (" + n.readyReason() + ")",
                            (n.allowScheduling() ? "enabled" : "disabled") + (n.evictionRequested() ? ",evicting" : ""),
                            n.address(),
                            n.zone(),
                            String.join(",", n.tags()),
                            n.replicas(),
                            n.storageMaximum() == 0
                                    ? ""
                                    : ByteSize.format(n.storageAvailable()) + "/"
                                            + ByteSize.format(n.storageMaximum()));
                }
                table.print(out);
                return 0;
            }
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
