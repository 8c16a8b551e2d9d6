package dev.corral.node.instance;

import static dev.corral.node.instance.Answers.refuse;

import dev.corral.api.security.Principal;
import dev.corral.api.v1.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may call a node's API once mutual TLS has proven the caller's certificate: the control plane
 * (any {@code control-plane/*}) and the node itself ({@code node/NAME}, its agent). Another node's
 * certificate is of the same authority and passes the handshake, but must not drive this node's
 * replicas and engines: it is refused 403 before the request reaches any handler, so a refused
 * request changes nothing.
 */
final class InstanceAccess implements Handler<RoutingContext> {
    private final Principal node;

    InstanceAccess(Principal node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal caller;
        try {
            caller = caller(ctx.request().connection().peerCertificates());
        } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
            // Unreachable with client authentication required, unless the certificate names no
            // Corral principal (issued by the authority for something else).
            refuse(
                    ctx,
                    ErrorCode.Forbidden,
                    "the node API of " + node + " needs a client certificate naming a" + " Corral principal: "
                            + e.getMessage());
            return;
        }
        if (allows(caller)) {
            ctx.next();
            return;
        }
        refuse(
                ctx,
                ErrorCode.Forbidden,
                caller + " may not use the node API of " + node + ": only control-plane/* and " + node + " may");
    }

    boolean allows(Principal caller) {
        return caller.role() == Principal.Role.CONTROL_PLANE || caller.equals(node);
    }

    private static Principal caller(List<Certificate> chain) throws SSLPeerUnverifiedException {
        if (chain == null || chain.isEmpty() || !(chain.getFirst() instanceof X509Certificate leaf)) {
            throw new SSLPeerUnverifiedException("no client certificate");
        }
        return Principal.of(leaf);
    }
}
