package dev.corral.cli.cluster;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.local.LocalDirOption;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --url}, {@code --credentials} and {@code --local-dir}: which cluster a command talks to,
 * the same options on every command that talks to one ({@link ClusterTarget} says how they combine).
 */
public final class TargetOptions {
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

    @Option(
            names = "--ca-cert",
            paramLabel = "FILE",
            description = "PEM file of the cluster's certificate authority; an https API's certificate must"
                    + " come from it (default: $" + ClusterTarget.CA_CERT_VARIABLE + ", else a local cluster's"
                    + " own, else the JDK's public authorities)")
    Path caCert;

    @Mixin
    LocalDirOption localDir;

    public ClusterTarget.Choice choose(ClusterTarget target) {
        return target.choose(url, localDir.given().orElse(null));
    }

    public boolean localDirGiven() {
        return localDir.given().isPresent();
    }

    public Path credentials() {
        return credentials;
    }

    public Path caCert() {
        return caCert;
    }

    public ApiEndpoint endpoint(ClusterTarget target) {
        return target.resolve(url, credentials, caCert, localDir.given().orElse(null));
    }

    public ClusterClient client(ClusterTarget target) {
        return new ClusterClient(endpoint(target));
    }
}
