package dev.corral.node.instance;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.engine.util.HostPort;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * How the node's API listens. With the node's identity: https, TLS 1.3 only, presenting the node's
 * certificate and requiring one of the cluster's authority from every client, so a client without
 * one, or with another authority's, fails the handshake before it can send a byte of HTTP
 * ({@link InstanceAccess} then decides which principals may go on). Without an identity: plain
 * http, and only on a loopback address, where tests and a standalone node run; anywhere else
 * anyone who reaches the address would own the node's volumes.
 */
final class InstanceListener {
    private InstanceListener() {}

    /**
     * Refuses what must not serve: a bind beyond loopback without an identity, and an identity
     * that is not a node's (the API lets in its own node by the identity's name).
     */
    static void check(String address, Optional<ClusterIdentity> identity) {
        if (identity.isEmpty()) {
            if (!HostPort.isLoopback(address)) {
                throw new IllegalArgumentException("refusing to serve the node API on " + address
                        + " without authentication: anyone who reaches that address would own the node's volumes;"
                        + " give --identity DIR (the node's certificate from the cluster's authority), or use a"
                        + " loopback address");
            }
            return;
        }
        Principal principal = identity.get().principal();
        if (principal.role() != Principal.Role.NODE) {
            throw new IllegalArgumentException("the instance process serves a node, so its identity must be a"
                    + " node's (node/NAME); this one is " + principal);
        }
    }

    static String scheme(Optional<ClusterIdentity> identity) {
        return identity.isPresent() ? "https" : "http";
    }

    static HttpServerOptions options(Optional<ClusterIdentity> identity) {
        HttpServerOptions options = new HttpServerOptions();
        if (identity.isEmpty()) {
            return options;
        }
        ClusterIdentity id = identity.get();
        try {
            return options.setSsl(true)
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .addKeyValue(Buffer.buffer(id.identity().keyPem()))
                            .addCertValue(Buffer.buffer(id.identity().chainPem())))
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(id.authorityPem())))
                    .setClientAuth(ClientAuth.REQUIRED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the node's TLS identity", e);
        }
    }
}
