package dev.corral.controlplane.server;

import dev.corral.api.model.ResourceJson;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.StoreException;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.ErrorCode;
import dev.corral.engine.http.Incidents;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writing answers: JSON bodies, the error body for every failure, and store work off the event loop. */
final class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private Replies() {}

    /**
     * Runs {@code work} on a worker thread (store calls block: SQLite, or HTTP for a remote store)
     * and answers with its reply or its failure. Unordered: requests of one connection need not
     * wait for each other's store calls.
     */
    static void blocking(RoutingContext ctx, Callable<Reply> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                send(ctx, done.result());
            } else {
                fail(ctx, done.cause());
            }
        });
    }

    static void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        if (reply.location() != null) {
            response.putHeader("location", reply.location());
        }
        if (reply.body() == null) {
            response.end();
            return;
        }
        String json;
        try {
            json = ResourceJson.write(reply.body());
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        response.putHeader("content-type", "application/json").end(json);
    }

    static void fail(RoutingContext ctx, Throwable failure) {
        ApiError error = toError(failure);
        if (error.code() == ErrorCode.Internal) {
            // The exception's text may name files, addresses or internals: it goes to the log under
            // an incident number, and the caller gets that number to quote.
            String incident = Incidents.next();
            log.warn(
                    "{} {} failed (incident {})",
                    ctx.request().method(),
                    ctx.request().path(),
                    incident,
                    failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure);
            error = new ApiError(
                    "the control plane failed to handle " + ctx.request().method() + " "
                            + ctx.request().path() + " (incident " + incident
                            + "; its log has the details)",
                    ErrorCode.Internal);
        }
        error(ctx, error);
    }

    static void error(RoutingContext ctx, ApiError error) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(error.status())
                .putHeader("content-type", "application/json")
                .end(ResourceJson.write(error));
    }

    static ApiError toError(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String reason = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return switch (t) {
            case ApiException e -> e.error();
            case StoreException e -> new ApiError(reason, storeCode(e));
            // Records and the JSON reader refuse bad input this way: the caller's mistake.
            case IllegalArgumentException e -> new ApiError(reason, ErrorCode.BadRequest);
            default -> new ApiError(reason, ErrorCode.Internal);
        };
    }

    private static ErrorCode storeCode(StoreException e) {
        return switch (e) {
            case NotFoundException n -> ErrorCode.NotFound;
            case ConflictException c -> ErrorCode.Conflict;
            case AlreadyExistsException a -> ErrorCode.AlreadyExists;
            case UnavailableException u -> ErrorCode.Unavailable;
            // A plain StoreException is the store's own failure, not the caller's.
            case StoreException other -> ErrorCode.Internal;
        };
    }
}
