package dev.corral.controlplane.server;

import dev.corral.api.v1.Credentials;
import dev.corral.engine.util.HostPort;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens (port 0 picks a free one); when present, the one user and password every
 * request must carry; and the reverse proxies whose X-Forwarded-* headers are believed.
 */
public record ApiConfig(HostPort listen, Optional<Credentials> credentials, TrustedProxies trustedProxies) {
    public ApiConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    public ApiConfig(HostPort listen, Optional<Credentials> credentials) {
        this(listen, credentials, TrustedProxies.NONE);
    }

    public static ApiConfig of(String host, int port) {
        return new ApiConfig(new HostPort(host, port), Optional.empty());
    }

    public ApiConfig withCredentials(Credentials newCredentials) {
        return new ApiConfig(listen, Optional.of(newCredentials), trustedProxies);
    }

    public ApiConfig withTrustedProxies(TrustedProxies proxies) {
        return new ApiConfig(listen, credentials, proxies);
    }
}
