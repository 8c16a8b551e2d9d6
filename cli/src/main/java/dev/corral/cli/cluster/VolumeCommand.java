package dev.corral.cli.cluster;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.engine.cli.SizeConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code corral volume}: create, inspect, attach, detach, expand and delete volumes. */
@Command(
        name = "volume",
        description = "Replicated volumes of the cluster.",
        mixinStandardHelpOptions = true,
        subcommands = {
            VolumeCommand.Create.class,
            VolumeListCommand.class,
            VolumeGetCommand.class,
            VolumeCommand.Attach.class,
            VolumeCommand.Detach.class,
            VolumeCommand.Expand.class,
            VolumeCommand.Delete.class
        })
public final class VolumeCommand {
    final ClusterTarget target;

    public VolumeCommand(ClusterTarget target) {
        this.target = target;
    }

    @Command(name = "create", description = "Create a volume; its replicas are placed at once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Lowercase letters, digits and '-', at most 63.")
        String name;

        @Option(
                names = "--size",
                required = true,
                paramLabel = "SIZE",
                converter = SizeConverter.class,
                description = "Bytes or a number with a unit: 1Gi, 512Mi (a multiple of 4096 bytes).")
        long size;

        @Option(
                names = "--replicas",
                paramLabel = "N",
                description = "Number of replicas (default: the cluster's setting, 3 unless changed).")
        Integer replicas;

        @Option(
                names = "--data-locality",
                paramLabel = "MODE",
                converter = DataLocalityConverter.class,
                description =
                        "disabled (default) or best-effort: keep a replica on the node the volume is attached to.")
        Volume.DataLocality dataLocality;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                Volume created = client.createVolume(VolumeRequest.of(name, size)
                        .withNumberOfReplicas(replicas)
                        .withDataLocality(dataLocality));
                return CliOutput.done(
                        spec,
                        "volume " + created.name() + " created ("
                                + ByteSize.format(created.spec().size()) + ", "
                                + created.spec().numberOfReplicas() + " replicas)");
            }
        }
    }

    @Command(
            name = "attach",
            description = "Attach a volume on a node: its engine starts there and serves it over NBD.")
    static final class Attach implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--node", paramLabel = "NODE", description = "The node (default: the first ready node).")
        String node;

        @Option(
                names = "--wait",
                negatable = true,
                defaultValue = "true",
                fallbackValue = "true",
                description = "Wait until attached, then print the nbd:// URI (default); --no-wait returns at once.")
        boolean await;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                defaultValue = "120",
                description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                String on = node != null ? node : firstReadyNode(client);
                Volume asked = client.attach(name, on);
                if (await) {
                    Volume attached = client.awaitVolume(
                            name, v -> attachedOn(v, on), Duration.ofSeconds(timeoutSeconds), "attached on " + on);
                    return CliOutput.done(spec, attached.status().endpoint());
                }
                if (attachedOn(asked, on)) {
                    return CliOutput.done(spec, asked.status().endpoint());
                }
                return CliOutput.done(spec, "volume " + name + " attaching on node " + on);
            }
        }

        private static boolean attachedOn(Volume volume, String node) {
            return volume.status().state() == Volume.State.ATTACHED
                    && node.equals(volume.status().currentNodeId())
                    && !volume.status().endpoint().isEmpty();
        }

        private static String firstReadyNode(ClusterClient client) {
            return client.store().list(Kind.NODE).stream()
                    .filter(Node::ready)
                    .map(Node::name)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no node is ready to attach on; give --node NODE"));
        }
    }

    /** A command on one named volume: {@code NAME}. */
    abstract static class OnVolume implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;

        @Mixin
        TargetOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        /** Does it; answers what to tell the operator. */
        abstract String apply(ClusterClient client);

        @Override
        public Integer call() {
            try (ClusterClient client = options.client(parent.target)) {
                return CliOutput.done(spec, apply(client));
            }
        }
    }

    @Command(name = "detach", description = "Detach a volume: its engine stops, its replicas stay.")
    static final class Detach extends OnVolume {
        @Override
        String apply(ClusterClient client) {
            String from = client.detach(name).status().currentNodeId();
            return from.isEmpty() ? "volume " + name + " is detached" : "volume " + name + " detaching from " + from;
        }
    }

    @Command(name = "expand", description = "Grow a volume, attached or not.")
    static final class Expand extends OnVolume {
        @Option(
                names = "--size",
                required = true,
                paramLabel = "SIZE",
                converter = SizeConverter.class,
                description = "The new size, larger than the current one: 2Gi.")
        long size;

        @Override
        String apply(ClusterClient client) {
            Volume volume = client.expand(name, size);
            return "volume " + name + " expanding to "
                    + ByteSize.format(volume.spec().size());
        }
    }

    @Command(name = "delete", description = "Delete a volume and its replicas' data.")
    static final class Delete extends OnVolume {
        @Override
        String apply(ClusterClient client) {
            client.deleteVolume(name);
            return "volume " + name + " deleting";
        }
    }

    static final class DataLocalityConverter implements ITypeConverter<Volume.DataLocality> {
        @Override
        public Volume.DataLocality convert(String value) {
            return switch (value) {
                case "disabled" -> Volume.DataLocality.DISABLED;
                case "best-effort" -> Volume.DataLocality.BEST_EFFORT;
                default ->
                    throw new TypeConversionException(
                            "unknown data locality '" + value + "': use disabled or best-effort");
            };
        }
    }
}
