package dev.corral.cli.cluster;

import picocli.CommandLine;

/** The operator's commands on a running cluster, added to the {@code corral} command once. */
public final class ClusterCommands {
    private ClusterCommands() {}

    /** Adds {@code volume}, {@code snapshot} and {@code node}, all talking to {@code target}. */
    public static CommandLine addTo(CommandLine root, ClusterTarget target) {
        root.addSubcommand(new VolumeCommand(target));
        root.addSubcommand(new SnapshotCommand(target));
        root.addSubcommand(new NodeCommand(target));
        return root;
    }
}
