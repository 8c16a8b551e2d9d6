package dev.corral.cli;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.cli.cluster.ClusterTarget;
import dev.corral.cli.cluster.TargetOptions;
import dev.corral.console.ConsoleLauncher;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.profiles.ProfileStore;
import dev.corral.console.profiles.Profiles;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code corral console}: the desktop operations console. Without a URL it starts (or reuses) the
 * local cluster, so that it shows a working cluster on a fresh machine.
 */
@Command(
        name = "console",
        description = "Open the desktop operations console (the local cluster unless --url or $"
                + ClusterTarget.URL_VARIABLE + " names one).",
        mixinStandardHelpOptions = true)
final class ConsoleCommand implements Callable<Integer> {
    private final ClusterTarget clusters;

    @Mixin
    TargetOptions options;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "A stored connection profile (see the console's Connect dialog). Without --url,"
                    + " --local-dir or --profile the last profile used, else the local cluster.")
    String profile;

    @Option(names = "--nodes", description = "Nodes of the local cluster when it is started (default 3).")
    int nodes = 3;

    ConsoleCommand(ClusterTarget clusters) {
        this.clusters = clusters;
    }

    @Override
    public Integer call() throws IOException {
        ConnectionTarget target = switch (options.choose(clusters)) {
            case ClusterTarget.Choice.Remote remote -> {
                ApiEndpoint endpoint = clusters.credentials(options.credentials())
                        .map(remote.endpoint()::withCredentials)
                        .orElse(remote.endpoint());
                yield new ConnectionTarget.Remote(
                        endpoint.url(), endpoint.credentials(), clusters.authority(options.caCert()));
            }
            case ClusterTarget.Choice.Local local -> {
                ConnectionTarget.Local here = new ConnectionTarget.Local(local.dir(), nodes);
                Profiles profiles = new Profiles(ProfileStore.defaultDir());
                // A directory named on the command line is meant; else the operator's last choice.
                yield profile != null
                        ? profiles.target(profile)
                        : options.localDirGiven() ? here : profiles.lastUsed().orElse(here);
            }
        };
        ConsoleLauncher.run(target);
        return 0;
    }
}
