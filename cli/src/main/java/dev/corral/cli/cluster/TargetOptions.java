package dev.corral.cli.cluster;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --url} and {@code --credentials}, which every cluster command takes. */
final class TargetOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description =
                    "The cluster's API, e.g. http://127.0.0.1:9700 (default: $" + ClusterTarget.URL_VARIABLE + ")")
    String url;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description =
                    "File of one user:password line for the API (default: $" + ClusterTarget.CREDENTIALS_VARIABLE + ")")
    Path credentials;

    ApiEndpoint endpoint(ClusterTarget target) {
        return target.resolve(url, credentials);
    }

    ClusterClient client(ClusterTarget target) {
        return new ClusterClient(endpoint(target));
    }
}
