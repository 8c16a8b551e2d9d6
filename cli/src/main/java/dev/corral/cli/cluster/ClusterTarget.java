package dev.corral.cli.cluster;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.CorralHome;
import dev.corral.api.security.Identity;
import dev.corral.api.v1.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which cluster a command talks to, one rule for every command: {@code --url}, else
 * {@code --local-dir}, else {@value #URL_VARIABLE}, else the local cluster where {@link CorralHome}
 * says it is ({@value CorralHome#LOCAL_DIR_VARIABLE}, else {@code $CORRAL_HOME/local}). Credentials
 * come from {@code --credentials}, else {@value #CREDENTIALS_VARIABLE}, else a local cluster's own;
 * the certificate authority an https API's certificate must come from, from {@code --ca-cert},
 * else {@value #CA_CERT_VARIABLE}, else a local cluster's own (else the JDK's public ones).
 *
 * @param environment the process environment (tests pass their own)
 * @param localClusters reads a local cluster's endpoint from its directory; empty when none was
 *     brought up there
 */
public record ClusterTarget(Map<String, String> environment, LocalClusters localClusters) {
    public static final String URL_VARIABLE = "CORRAL_URL";
    public static final String CREDENTIALS_VARIABLE = "CORRAL_CREDENTIALS";
    public static final String CA_CERT_VARIABLE = "CORRAL_CA_CERT";

    /** Where a local cluster in a directory serves its API. */
    @FunctionalInterface
    public interface LocalClusters {
        Optional<ApiEndpoint> endpoint(Path dir) throws IOException;
    }

    /** A remote cluster's API, or a local cluster's directory (which the console may start). */
    public sealed interface Choice {
        record Remote(ApiEndpoint endpoint) implements Choice {}

        record Local(Path dir) implements Choice {}
    }

    public ClusterTarget {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(localClusters, "localClusters");
    }

    public static ClusterTarget fromEnvironment(LocalClusters localClusters) {
        return new ClusterTarget(System.getenv(), localClusters);
    }

    public CorralHome home() {
        return CorralHome.of(environment, Path.of(System.getProperty("user.home")));
    }

    /**
     * @param url the {@code --url} option, or null
     * @param localDir the {@code --local-dir} option, or null
     * @throws IllegalArgumentException when both are given
     */
    public Choice choose(String url, Path localDir) {
        String givenUrl = nonBlank(url);
        if (givenUrl != null && localDir != null) {
            throw new IllegalArgumentException("give --url or --local-dir, not both");
        }
        if (givenUrl != null) {
            return new Choice.Remote(new ApiEndpoint(URI.create(givenUrl), Optional.empty()));
        }
        if (localDir != null) {
            return new Choice.Local(localDir.toAbsolutePath().normalize());
        }
        String variable = nonBlank(environment.get(URL_VARIABLE));
        if (variable != null) {
            return new Choice.Remote(new ApiEndpoint(URI.create(variable), Optional.empty()));
        }
        return new Choice.Local(home().localCluster());
    }

    /**
     * The API to talk to, with its credentials.
     *
     * @param url the {@code --url} option, or null
     * @param credentials the {@code --credentials} option, or null
     * @param caCert the {@code --ca-cert} option, or null
     * @param localDir the {@code --local-dir} option, or null
     * @throws IllegalArgumentException with the reason, when no cluster is found or the credentials
     *     or CA file cannot be used
     */
    public ApiEndpoint resolve(String url, Path credentials, Path caCert, Path localDir) {
        ApiEndpoint endpoint = switch (choose(url, localDir)) {
            case Choice.Remote remote -> remote.endpoint();
            case Choice.Local local -> localEndpoint(local.dir());
        };
        endpoint = credentials(credentials).map(endpoint::withCredentials).orElse(endpoint);
        return authority(caCert).map(endpoint::trusting).orElse(endpoint);
    }

    public ApiEndpoint resolve(String url, Path credentials, Path localDir) {
        return resolve(url, credentials, null, localDir);
    }

    /** {@code --ca-cert}, else {@value #CA_CERT_VARIABLE}: the one certificate in that PEM file. */
    public Optional<X509Certificate> authority(Path option) {
        Path file = option != null
                ? option
                : Optional.ofNullable(nonBlank(environment.get(CA_CERT_VARIABLE)))
                        .map(Path::of)
                        .orElse(null);
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Identity.authority(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA certificate " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code --credentials}, else {@value #CREDENTIALS_VARIABLE}. */
    public Optional<Credentials> credentials(Path option) {
        Path file = option != null
                ? option
                : Optional.ofNullable(nonBlank(environment.get(CREDENTIALS_VARIABLE)))
                        .map(Path::of)
                        .orElse(null);
        return file == null ? Optional.empty() : Optional.of(load(file));
    }

    private ApiEndpoint localEndpoint(Path dir) {
        String start = dir.equals(home().localCluster()) ? "corral local up" : "corral local up --local-dir " + dir;
        try {
            return localClusters
                    .endpoint(dir)
                    .orElseThrow(() -> new IllegalArgumentException("no cluster to talk to: no local cluster in " + dir
                            + " (start one: " + start + "); or give --url URL or set " + URL_VARIABLE));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the local cluster in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Credentials load(Path file) {
        try {
            return Credentials.load(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    e.getMessage() != null ? e.getMessage() : "cannot read credentials file " + file, e);
        }
    }

    private static String nonBlank(String value) {
        return value != null && !value.isBlank() ? value.strip() : null;
    }
}
