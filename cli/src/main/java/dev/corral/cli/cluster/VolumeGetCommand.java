package dev.corral.cli.cluster;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.store.NotFoundException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral volume get NAME}: the volume, its conditions and its replicas with rebuilds. */
@Command(name = "get", description = "Show one volume with its conditions and replicas.")
final class VolumeGetCommand implements Callable<Integer> {
    @ParentCommand
    VolumeCommand parent;

    @Mixin
    TargetOptions options;

    @Mixin
    OutputOption output;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        try (ClusterClient client = options.client(parent.target)) {
            Volume v = client.store()
                    .get(Kind.VOLUME, name)
                    .orElseThrow(() -> new NotFoundException("volume " + name + " not found"));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, v);
                return 0;
            }
            List<Replica> replicas = VolumeViews.of(v, client.store().list(Kind.REPLICA));
            Engine engine = client.store().list(Kind.ENGINE).stream()
                    .filter(e -> e.spec().volumeName().equals(name))
                    .findFirst()
                    .orElse(null);
            Fields fields = new Fields()
                    .add("Name", v.name())
                    .add("State", VolumeViews.state(v))
                    .add("Robustness", VolumeViews.lower(v.status().robustness()))
                    .add("Size", Sizes.format(v.spec().size()) + " (" + v.spec().size() + " bytes)")
                    .add(
                            "Replicas",
                            VolumeViews.running(v, replicas) + "/" + v.spec().numberOfReplicas() + " running")
                    .add("Data locality", VolumeViews.lower(v.spec().dataLocality()))
                    .add("Node", VolumeViews.node(v))
                    .add("Endpoint", v.status().endpoint())
                    .add("Created", v.metadata().creationTimestamp());
            v.status().conditions().forEach(c -> fields.add("Condition", VolumeViews.condition(c)));
            fields.print(out);
            out.println();
            Table table = new Table("REPLICA", "NODE", "DISK", "STATE", "MODE", "ADDRESS", "REBUILD");
            for (Replica r : replicas) {
                table.row(
                        r.name(),
                        r.spec().nodeId(),
                        r.spec().diskName(),
                        r.spec().failedAt() != null
                                ? "failed"
                                : VolumeViews.lower(r.status().currentState()),
                        r.status().mode(),
                        r.status().address(),
                        VolumeViews.rebuild(engine, r));
            }
            table.print(out);
            return 0;
        }
    }
}
