package dev.corral.controlplane.server;

import dev.corral.api.security.Principal;
import io.vertx.ext.web.RoutingContext;

/**
 * Who a request comes from, as {@link Authentication} established it: someone the API does not
 * restrict (an admin by password or certificate, the control plane, or anyone on an API without
 * authentication, which listens only on loopback), or a node's agent, which {@link NodeScope} keeps
 * to its own node's objects.
 */
sealed interface Caller {
    String KEY = "corral.caller";

    /** @param who how the caller is named in logs and reasons, e.g. "admin/ops" or "anonymous" */
    record Unrestricted(String who) implements Caller {}

    /** A {@code node/NODE} certificate: reads, and writes only that node's status, replicas and engines. */
    record OfNode(String node) implements Caller {
        @Override
        public String toString() {
            return Principal.node(node).toString();
        }
    }

    static Caller of(Principal principal) {
        return switch (principal.role()) {
            case NODE -> new OfNode(principal.name());
            case CONTROL_PLANE, ADMIN -> new Unrestricted(principal.toString());
        };
    }

    /** The request's caller; every request has one once it passed authentication. */
    static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(KEY);
        if (caller == null) {
            // Fail closed: a route reached without authentication is a wiring fault, not an admin.
            throw new IllegalStateException("request reached " + ctx.request().path() + " without authentication");
        }
        return caller;
    }
}
