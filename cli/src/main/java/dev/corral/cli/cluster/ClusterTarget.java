package dev.corral.cli.cluster;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.v1.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which cluster a command talks to: {@code --url} and {@code --credentials} when given, else
 * {@value #URL_VARIABLE} and {@value #CREDENTIALS_VARIABLE}, else the fallback (the local cluster
 * can supply its own endpoint here), else an error that says how to name one.
 */
public record ClusterTarget(Map<String, String> environment, Supplier<Optional<ApiEndpoint>> fallback) {
    public static final String URL_VARIABLE = "CORRAL_URL";
    public static final String CREDENTIALS_VARIABLE = "CORRAL_CREDENTIALS";

    public ClusterTarget {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(fallback, "fallback");
    }

    public static ClusterTarget fromEnvironment() {
        return new ClusterTarget(System.getenv(), Optional::empty);
    }

    /** The same resolution, with {@code next} asked when neither option nor variable names a URL. */
    public ClusterTarget withFallback(Supplier<Optional<ApiEndpoint>> next) {
        return new ClusterTarget(environment, next);
    }

    /**
     * @param url the {@code --url} option, or null
     * @param credentials the {@code --credentials} option, or null
     * @throws IllegalArgumentException with the reason, when no cluster is named or the
     *     credentials file cannot be used
     */
    public ApiEndpoint resolve(String url, Path credentials) {
        String givenUrl = firstNonBlank(url, environment.get(URL_VARIABLE));
        Path givenCredentials = credentials != null
                ? credentials
                : Optional.ofNullable(firstNonBlank(environment.get(CREDENTIALS_VARIABLE), null))
                        .map(Path::of)
                        .orElse(null);
        ApiEndpoint endpoint;
        if (givenUrl != null) {
            endpoint = new ApiEndpoint(URI.create(givenUrl), Optional.empty());
        } else {
            endpoint = fallback.get()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no cluster to talk to: give --url URL or set " + URL_VARIABLE));
        }
        return givenCredentials == null ? endpoint : endpoint.withCredentials(load(givenCredentials));
    }

    private static Credentials load(Path file) {
        try {
            return Credentials.load(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    e.getMessage() != null ? e.getMessage() : "cannot read credentials file " + file, e);
        }
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second != null && !second.isBlank() ? second.strip() : null;
    }
}
