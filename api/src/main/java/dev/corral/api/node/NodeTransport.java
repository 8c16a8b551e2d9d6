package dev.corral.api.node;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * How one process reaches node APIs: one pooled HTTP client for every {@link NodeClient} it makes
 * (a java.net.http client owns a selector thread, so there must not be one per call), either
 * plain (a process without a cluster identity, on loopback) or mutual TLS with the process's
 * identity: the node's instance process serves only over TLS once its node has an identity, and
 * lets in only the control plane and its own node.
 */
public final class NodeTransport {
    /** A TCP connect to a live node is immediate; a dead one should be noticed quickly. */
    public static final Duration PLAIN_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The connect timeout covers the TLS handshake too, and the first handshakes of a JVM that has
     * just started, on a loaded machine, take seconds (key and certificate checks not yet
     * compiled): two seconds made a freshly started agent give up on its new instance.
     */
    public static final Duration TLS_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Plain http: for processes without an identity, whose nodes serve only on loopback. */
    public static final NodeTransport PLAIN = new NodeTransport(Optional.empty(), PLAIN_CONNECT_TIMEOUT);

    private final Optional<SSLContext> tls;
    private final Duration connectTimeout;
    private final HttpClient http;

    private NodeTransport(Optional<SSLContext> tls, Duration connectTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        tls.ifPresent(context ->
                builder.sslContext(context).sslParameters(new SSLParameters(null, new String[] {"TLSv1.3"})));
        this.http = builder.build();
    }

    /**
     * Mutual TLS with {@code clientContext} (a process's {@code ClusterIdentity.clientContext()}:
     * its certificate, and only the cluster's authority believed), or plain http without one.
     */
    public static NodeTransport of(Optional<SSLContext> clientContext) {
        return of(clientContext, TLS_CONNECT_TIMEOUT);
    }

    /** The same with another connect timeout (TCP connect and TLS handshake) for TLS. */
    public static NodeTransport of(Optional<SSLContext> clientContext, Duration tlsConnectTimeout) {
        return clientContext
                .map(context -> new NodeTransport(Optional.of(context), tlsConnectTimeout))
                .orElse(PLAIN);
    }

    /** The client of the node API at {@code url} (as the instance reported it, http or https). */
    public NodeClient connect(String url) {
        return new NodeClient(url, this);
    }

    public boolean tls() {
        return tls.isPresent();
    }

    /** How long reaching a node may take (with TLS, the handshake included) before a call fails. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    HttpClient http() {
        return http;
    }
}
