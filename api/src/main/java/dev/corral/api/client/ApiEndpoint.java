package dev.corral.api.client;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.v1.Credentials;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a cluster's API is; when it asks for them, the credentials to send; for https, the
 * cluster's certificate authority, the only one whose server certificate is believed (without it,
 * the JDK's trusted public authorities, for an API behind a proxy with a public certificate); and
 * the client's own identity, the certificate it presents (a node's agent authenticates with its
 * node certificate, not with a password).
 */
public record ApiEndpoint(
        URI url,
        Optional<Credentials> credentials,
        Optional<X509Certificate> authority,
        Optional<ClusterIdentity> identity) {
    public ApiEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(identity, "identity");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "the API URL must be http://HOST:PORT or https://HOST[:PORT], got '" + url + "'");
        }
        if (identity.isPresent() && !"https".equals(scheme)) {
            // A certificate is only presented inside TLS: over http the client would be anonymous.
            throw new IllegalArgumentException("a client identity ("
                    + identity.get().principal() + ") authenticates only over https, and the API URL is " + url);
        }
        if (identity.isPresent() && authority.isEmpty()) {
            authority = Optional.of(identity.get().authority());
        }
        String text = url.toString();
        url = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    public ApiEndpoint(URI url, Optional<Credentials> credentials, Optional<X509Certificate> authority) {
        this(url, credentials, authority, Optional.empty());
    }

    public ApiEndpoint(URI url, Optional<Credentials> credentials) {
        this(url, credentials, Optional.empty());
    }

    public static ApiEndpoint of(String url) {
        return new ApiEndpoint(URI.create(url), Optional.empty());
    }

    public ApiEndpoint withCredentials(Credentials newCredentials) {
        return new ApiEndpoint(url, Optional.of(newCredentials), authority, identity);
    }

    /** Believe only servers with a certificate of {@code clusterAuthority}. */
    public ApiEndpoint trusting(X509Certificate clusterAuthority) {
        return new ApiEndpoint(url, credentials, Optional.of(clusterAuthority), identity);
    }

    /**
     * Present {@code clientIdentity}'s certificate and believe only servers of its authority: the
     * mutual TLS a node's agent uses.
     */
    public ApiEndpoint withIdentity(ClusterIdentity clientIdentity) {
        return new ApiEndpoint(url, credentials, Optional.of(clientIdentity.authority()), Optional.of(clientIdentity));
    }
}
