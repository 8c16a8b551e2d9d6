package dev.corral.api.client;

import dev.corral.api.v1.Credentials;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** Where a cluster's API is and, when it asks for them, the credentials to send. */
public record ApiEndpoint(URI url, Optional<Credentials> credentials) {
    public ApiEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "the API URL must be http://HOST:PORT or https://HOST[:PORT], got '" + url + "'");
        }
        String text = url.toString();
        url = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    public static ApiEndpoint of(String url) {
        return new ApiEndpoint(URI.create(url), Optional.empty());
    }

    public ApiEndpoint withCredentials(Credentials newCredentials) {
        return new ApiEndpoint(url, Optional.of(newCredentials));
    }
}
