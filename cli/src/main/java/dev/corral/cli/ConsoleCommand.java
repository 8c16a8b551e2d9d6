package dev.corral.cli;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.cli.cluster.ClusterTarget;
import dev.corral.console.ConsoleLauncher;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.profiles.ProfileStore;
import dev.corral.console.profiles.Profiles;
import dev.corral.local.LocalCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
    @Option(names = "--url", paramLabel = "URL", description = "A cluster's API, e.g. http://10.0.0.5:9700.")
    String url;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description = "File of one user:password line for the API (default: $" + ClusterTarget.CREDENTIALS_VARIABLE
                    + ").")
    Path credentials;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "A stored connection profile (see the console's Connect dialog). Without --url or"
                    + " --profile the last profile used, else the local cluster.")
    String profile;

    @Option(names = "--dir", description = "The local cluster's directory (default: $CORRAL_HOME/local).")
    Path dir;

    @Option(names = "--nodes", description = "Nodes of the local cluster when it is started (default 3).")
    int nodes = 3;

    @Override
    public Integer call() throws java.io.IOException {
        ClusterTarget environment = ClusterTarget.fromEnvironment();
        boolean remote = url != null || environment.environment().get(ClusterTarget.URL_VARIABLE) != null;
        ConnectionTarget target;
        if (remote) {
            ApiEndpoint endpoint = environment.resolve(url, credentials);
            target = new ConnectionTarget.Remote(endpoint.url(), endpoint.credentials());
        } else {
            ConnectionTarget.Local local =
                    new ConnectionTarget.Local(dir != null ? dir : LocalCommand.defaultDir(), nodes);
            Profiles profiles = new Profiles(ProfileStore.defaultDir());
            target = profile != null
                    ? profiles.target(profile)
                    : dir != null ? local : profiles.lastUsed().orElse(local);
        }
        ConsoleLauncher.run(target);
        return 0;
    }
}
