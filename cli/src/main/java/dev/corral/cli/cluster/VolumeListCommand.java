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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral volume list}: one line per volume, replicas counted from the Replica objects. */
@Command(
        name = "list",
        aliases = "ls",
        description = "List volumes: state, robustness, size, replicas, node, endpoint.")
final class VolumeListCommand implements Callable<Integer> {
    @ParentCommand
    VolumeCommand parent;

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
            List<VolumeSummary> volumes = client.store().list(Kind.VOLUME).stream()
                    .map(v -> VolumeSummary.of(v, replicas))
                    .toList();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, volumes);
                return 0;
            }
            Table table = new Table("NAME", "STATE", "ROBUSTNESS", "SIZE", "REPLICAS", "NODE", "ENDPOINT");
            for (VolumeSummary v : volumes) {
                table.row(
                        v.name(),
                        v.state(),
                        v.robustness(),
                        ByteSize.format(v.size()),
                        v.replicasRunning() + "/" + v.replicasDesired(),
                        v.node(),
                        v.endpoint());
            }
            table.print(out);
            return 0;
        }
    }
}
