package dev.corral.controlplane.server;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.v1.Credentials;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.util.HostPort;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens (port 0 picks a free one); when present, the admin's user and password;
 * the reverse proxies whose X-Forwarded-* headers are believed; and, for https, the control
 * plane's identity: the server's certificate, the authority whose client certificates authenticate
 * (node agents), and what the control plane presents to nodes' APIs; and how long a client may
 * stall ({@link HttpTimeouts}) and how many event streams one caller may hold open.
 */
public record ApiConfig(
        HostPort listen,
        Optional<Credentials> credentials,
        TrustedProxies trustedProxies,
        Optional<ClusterIdentity> tls,
        HttpTimeouts timeouts,
        int maxEventStreamsPerCaller) {
    /** Event streams one caller (a user, a node) may hold open at once. */
    public static final int DEFAULT_EVENT_STREAMS_PER_CALLER = 32;

    public ApiConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timeouts, "timeouts");
        if (maxEventStreamsPerCaller < 1) {
            throw new IllegalArgumentException(
                    "maxEventStreamsPerCaller must be at least 1, got " + maxEventStreamsPerCaller);
        }
    }

    public ApiConfig(HostPort listen, Optional<Credentials> credentials, TrustedProxies trustedProxies) {
        this(
                listen,
                credentials,
                trustedProxies,
                Optional.empty(),
                HttpTimeouts.DEFAULT,
                DEFAULT_EVENT_STREAMS_PER_CALLER);
    }

    public ApiConfig(HostPort listen, Optional<Credentials> credentials) {
        this(listen, credentials, TrustedProxies.NONE);
    }

    /**
     * Serve https with {@code identity}, ask clients for certificates of its authority, and call
     * nodes' APIs with it.
     */
    public ApiConfig withTls(ClusterIdentity identity) {
        return new ApiConfig(
                listen, credentials, trustedProxies, Optional.of(identity), timeouts, maxEventStreamsPerCaller);
    }

    public static ApiConfig of(String host, int port) {
        return new ApiConfig(new HostPort(host, port), Optional.empty());
    }

    public ApiConfig withCredentials(Credentials newCredentials) {
        return new ApiConfig(
                listen, Optional.of(newCredentials), trustedProxies, tls, timeouts, maxEventStreamsPerCaller);
    }

    public ApiConfig withTrustedProxies(TrustedProxies proxies) {
        return new ApiConfig(listen, credentials, proxies, tls, timeouts, maxEventStreamsPerCaller);
    }

    /** How long a client may take to send its headers, and how long a connection may sit idle. */
    public ApiConfig withTimeouts(HttpTimeouts newTimeouts) {
        return new ApiConfig(listen, credentials, trustedProxies, tls, newTimeouts, maxEventStreamsPerCaller);
    }

    /** At most {@code streams} event streams open at once per authenticated caller. */
    public ApiConfig withMaxEventStreamsPerCaller(int streams) {
        return new ApiConfig(listen, credentials, trustedProxies, tls, timeouts, streams);
    }
}
