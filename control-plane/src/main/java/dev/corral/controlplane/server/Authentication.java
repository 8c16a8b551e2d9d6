package dev.corral.controlplane.server;

import dev.corral.api.security.Principal;
import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Every request proves who it is before anything else looks at it, by either of two means: HTTP
 * basic authentication with the admin credential, or (over https) a client certificate of the
 * cluster's authority, whose principal it names ({@code node/NAME} for an agent). The TLS handshake
 * has already refused a certificate of any other authority. An Authorization header, when the API
 * has credentials, decides alone: a wrong password is refused even beside a good certificate.
 * Without credentials and without https nothing is required (the API then listens only on
 * loopback); every request then counts as an unrestricted, anonymous caller.
 */
final class Authentication implements Handler<RoutingContext> {
    private static final Caller ANONYMOUS = new Caller.Unrestricted("anonymous");

    private final Optional<Credentials> credentials;
    private final boolean required;

    /** @param certificates whether clients may present certificates (the API serves https) */
    Authentication(Optional<Credentials> credentials, boolean certificates) {
        this.credentials = credentials;
        this.required = credentials.isPresent() || certificates;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header != null && credentials.isPresent()) {
            if (credentials.get().admits(header)) {
                admit(ctx, new Caller.Unrestricted("admin " + credentials.get().user()));
            } else {
                refuse(ctx, "wrong user name or password");
            }
            return;
        }
        Optional<Principal> certified;
        try {
            certified = certificate(ctx);
        } catch (IllegalArgumentException e) {
            refuse(ctx, "the client certificate names no Corral principal: " + e.getMessage());
            return;
        }
        if (certified.isPresent()) {
            admit(ctx, Caller.of(certified.get()));
        } else if (!required) {
            admit(ctx, ANONYMOUS);
        } else {
            refuse(ctx, "authentication required");
        }
    }

    private static void admit(RoutingContext ctx, Caller caller) {
        ctx.put(Caller.KEY, caller);
        ctx.next();
    }

    /** The principal of the certificate the client presented in the TLS handshake, if it presented one. */
    private static Optional<Principal> certificate(RoutingContext ctx) {
        if (!ctx.request().isSSL()) {
            return Optional.empty();
        }
        List<Certificate> chain;
        try {
            chain = ctx.request().connection().peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // asked for, not given: the client may still use the password
        }
        if (chain == null || chain.isEmpty() || !(chain.getFirst() instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        return Optional.of(Principal.of(leaf));
    }

    private void refuse(RoutingContext ctx, String reason) {
        if (credentials.isPresent()) {
            ctx.response().putHeader("www-authenticate", "Basic realm=\"corral\", charset=\"UTF-8\"");
        }
        Replies.error(ctx, new ApiError(reason, ErrorCode.Unauthorized));
    }
}
