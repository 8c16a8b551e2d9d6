package dev.corral.node.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.ErrorCode;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.control.ControlRefusal;
import dev.corral.engine.http.Incidents;
import dev.corral.engine.util.Failures;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the node's API reads requests and answers them: typed bodies in, the answer or an {@link
 * ApiError} out, with every failure mapped to its code here.
 */
final class Answers {
    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private Answers() {}

    /** An answer: its status and body (null for none). */
    record Reply(int status, Object body) {
        static Reply noContent() {
            return new Reply(204, null);
        }
    }

    /** Runs {@code action} and answers with its reply, or with the failure's code and reason. */
    static void answer(RoutingContext ctx, Supplier<CompletableFuture<Reply>> action) {
        CompletableFuture<Reply> result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((reply, failure) -> {
            if (failure == null) {
                json(ctx, reply.status(), reply.body());
                return;
            }
            ErrorCode code = codeOf(failure);
            if (code == ErrorCode.Internal) {
                internal(ctx, failure);
            } else {
                refuse(ctx, code, Failures.rootMessage(failure));
            }
        });
    }

    /**
     * A fault of this process: the cause goes to the node's log under an incident number, the
     * caller learns what failed and that number, never exception text.
     */
    static void internal(RoutingContext ctx, Throwable failure) {
        String incident = Incidents.next();
        log.warn(
                "{} {} failed (incident {})",
                ctx.request().method(),
                ctx.request().path(),
                incident,
                failure);
        refuse(
                ctx,
                ErrorCode.Internal,
                ctx.request().method() + " " + ctx.request().path() + " failed on the node; see its log for incident "
                        + incident);
    }

    /**
     * A refusal of ours or of an engine carries its code. The engine's INVALID while an engine
     * starts (a replica it cannot take) contradicts what is there: Conflict. Anything else is a
     * fault of this process.
     */
    static ErrorCode codeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InstanceException refused) {
                return refused.code();
            }
            if (t instanceof ControlRefusal refused) {
                return EngineViews.code(refused.reason());
            }
        }
        return BlockIoException.classify(failure) == IoError.INVALID ? ErrorCode.Conflict : ErrorCode.Internal;
    }

    /** The JSON body as {@code type}; BadRequest naming {@code shape} when it is not one. */
    static <T> T body(RoutingContext ctx, Class<T> type, String shape) {
        String text = ctx.body().asString();
        try {
            T value = text == null || text.isBlank()
                    ? null
                    : ResourceJson.mapper().readValue(text, type);
            if (value != null) {
                return value;
            }
        } catch (JsonProcessingException e) {
            throw InstanceException.invalid(
                    "request body must be a JSON object " + shape + ": " + e.getOriginalMessage());
        }
        throw InstanceException.invalid("request body must be a JSON object " + shape);
    }

    static void refuse(RoutingContext ctx, ErrorCode code, String reason) {
        json(ctx, code.status(), new ApiError(reason, code));
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (body == null) {
            ctx.response().setStatusCode(status).end();
            return;
        }
        String text;
        try {
            text = ResourceJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            text = ResourceJson.write(new ApiError("response could not be encoded", ErrorCode.Internal));
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(text);
    }
}
