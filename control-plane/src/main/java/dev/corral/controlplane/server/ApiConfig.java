package dev.corral.controlplane.server;

import dev.corral.api.v1.Credentials;
import dev.corral.engine.util.HostPort;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens (port 0 picks a free one) and, when present, the one user and password
 * every request must carry.
 */
public record ApiConfig(HostPort listen, Optional<Credentials> credentials) {
    public ApiConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(credentials, "credentials");
    }

    public static ApiConfig of(String host, int port) {
        return new ApiConfig(new HostPort(host, port), Optional.empty());
    }

    public ApiConfig withCredentials(Credentials newCredentials) {
        return new ApiConfig(listen, Optional.of(newCredentials));
    }
}
