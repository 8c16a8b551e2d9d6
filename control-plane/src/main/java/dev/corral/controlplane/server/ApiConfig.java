package dev.corral.controlplane.server;

import dev.corral.api.security.Identity;
import dev.corral.api.v1.Credentials;
import dev.corral.engine.util.HostPort;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens (port 0 picks a free one); when present, the one user and password every
 * request must carry; the reverse proxies whose X-Forwarded-* headers are believed; and, for
 * https, the server's identity.
 */
public record ApiConfig(
        HostPort listen, Optional<Credentials> credentials, TrustedProxies trustedProxies, Optional<Identity> tls) {
    public ApiConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(tls, "tls");
    }

    public ApiConfig(HostPort listen, Optional<Credentials> credentials, TrustedProxies trustedProxies) {
        this(listen, credentials, trustedProxies, Optional.empty());
    }

    public ApiConfig(HostPort listen, Optional<Credentials> credentials) {
        this(listen, credentials, TrustedProxies.NONE);
    }

    /** Serve https with {@code identity}: its key and its certificate chain (leaf first). */
    public ApiConfig withTls(Identity identity) {
        return new ApiConfig(listen, credentials, trustedProxies, Optional.of(identity));
    }

    public static ApiConfig of(String host, int port) {
        return new ApiConfig(new HostPort(host, port), Optional.empty());
    }

    public ApiConfig withCredentials(Credentials newCredentials) {
        return new ApiConfig(listen, Optional.of(newCredentials), trustedProxies, tls);
    }

    public ApiConfig withTrustedProxies(TrustedProxies proxies) {
        return new ApiConfig(listen, credentials, proxies, tls);
    }
}
