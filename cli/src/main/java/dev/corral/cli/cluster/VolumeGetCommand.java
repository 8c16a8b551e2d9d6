package dev.corral.cli.cluster;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Volume;
import dev.corral.api.store.NotFoundException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code corral volume get NAME}: the volume, its conditions and its replicas with rebuilds (plain or JSON). */
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
            Engine engine = client.store().list(Kind.ENGINE).stream()
                    .filter(e -> e.spec().volumeName().equals(name))
                    .findFirst()
                    .orElse(null);
            VolumeDetail detail = VolumeDetail.of(v, client.store().list(Kind.REPLICA), engine);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, detail);
            } else {
                detail.print(out);
            }
            return 0;
        }
    }
}
