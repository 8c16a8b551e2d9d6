package dev.corral.controlplane.server;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.ConflictException;
import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node's agent ({@code node/N}) may do with the cluster API: read anything; register its
 * own Node (create Node N); and write the status of Node N and of the Replicas and Engines whose
 * {@code spec.nodeId} is N. Everything else is 403 with the reason: spec changes, creations and
 * deletions are the control plane's and the operators'. A compromised node can so lie only about
 * itself.
 *
 * <p>Two gates. As a handler before every route, it lets through only a node's reads and the two
 * write routes it may use, so no action or other route runs for a node at all. Those two routes
 * then check the object itself ({@link #checkCreate}, {@link #checkUpdate}): whose it is by the
 * stored object, and that nothing but its status differs from what is stored.
 */
final class NodeScope implements Handler<RoutingContext> {
    private static final Pattern STATUS_WRITE = Pattern.compile("/v1/(nodes|replicas|engines)/[^/]+");

    @Override
    public void handle(RoutingContext ctx) {
        if (!(Caller.of(ctx) instanceof Caller.OfNode node)) {
            ctx.next();
            return;
        }
        HttpMethod method = ctx.request().method();
        // The path as the router matches it, so this gate and the routes see the same request.
        String path = ctx.normalizedPath();
        boolean allowed = method == HttpMethod.GET
                || method == HttpMethod.HEAD
                || method == HttpMethod.POST && path.equals("/v1/nodes")
                || method == HttpMethod.PUT && STATUS_WRITE.matcher(path).matches();
        if (allowed) {
            ctx.next();
            return;
        }
        Replies.error(
                ctx,
                new ApiError(
                        node + " may only read, register its own Node and write the status of its own Node,"
                                + " Replicas and Engines; " + method + " " + path + " is none of those",
                        ErrorCode.Forbidden));
    }

    /** A node may create only its own Node: its agent registers it. */
    static void checkCreate(Caller caller, Resource created) {
        if (caller instanceof Caller.OfNode node
                && !(created instanceof Node && created.name().equals(node.node()))) {
            throw forbidden(node + " may create only its own Node (node " + node.node() + "), not "
                    + Modify.describe(Kind.of(created), created.name()));
        }
    }

    /**
     * A node may replace only the status of an object of its own. {@code stored} is the object as
     * read just before; the caller must have read that very version (anything else is a conflict,
     * as the store would answer), so that the store's optimistic check then guarantees the spec
     * checked here is the spec still stored when the write lands.
     */
    static <T extends Resource> void checkUpdate(Caller caller, T stored, T sent) {
        if (!(caller instanceof Caller.OfNode node)) {
            return;
        }
        Kind<T> kind = Kind.of(stored);
        String what = Modify.describe(kind, stored.name());
        String owner = owner(stored);
        if (owner == null) {
            throw forbidden(node + " may not change " + what + ": only operators and the control plane may");
        }
        if (!owner.equals(node.node())) {
            throw forbidden(what + " belongs to node " + owner + "; " + node
                    + " may write only its own node's status, replicas and engines");
        }
        long read = sent.metadata().resourceVersion();
        long current = stored.metadata().resourceVersion();
        if (read != current) {
            throw new ConflictException(
                    what + " changed since it was read (version " + read + ", now " + current + "); read it again");
        }
        if (!sameSpec(stored, sent) || !sameMetadata(stored.metadata(), sent.metadata())) {
            throw forbidden(node + " may write only the status of " + what
                    + "; its spec and metadata are the control plane's and the operators'");
        }
    }

    /** The node an object belongs to, or null for the kinds no node owns. */
    private static String owner(Resource resource) {
        return switch (resource) {
            case Node n -> n.name();
            case Replica r -> r.spec().nodeId();
            case Engine e -> e.spec().nodeId();
            case Volume v -> null;
            case Settings s -> null;
        };
    }

    private static boolean sameSpec(Resource stored, Resource sent) {
        return switch (stored) {
            case Node n -> sent instanceof Node other && n.spec().equals(other.spec());
            case Replica r -> sent instanceof Replica other && r.spec().equals(other.spec());
            case Engine e -> sent instanceof Engine other && e.spec().equals(other.spec());
            case Volume v -> false;
            case Settings s -> false;
        };
    }

    /** What a writer controls of the metadata; uid and creation time the store keeps anyway. */
    private static boolean sameMetadata(ObjectMeta stored, ObjectMeta sent) {
        return stored.labels().equals(sent.labels())
                && Objects.equals(stored.deletionTimestamp(), sent.deletionTimestamp());
    }

    private static ApiException forbidden(String reason) {
        return new ApiException(ErrorCode.Forbidden, reason);
    }
}
