package dev.corral.controlplane.server;

import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.ErrorCode;
import dev.corral.engine.http.JsonContent;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * A request that changes state must say its body is JSON. A web page can make a browser send a
 * cross-origin POST without asking the server first only as a form or text/plain; requiring
 * application/json forces the browser's preflight, which this API never grants, so no page can
 * act with an operator's stored credentials.
 */
final class JsonBodiesOnly implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            ctx.next();
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (JsonContent.isJson(type)) {
            ctx.next();
            return;
        }
        Replies.error(
                ctx,
                new ApiError(
                        method + " needs Content-Type: application/json"
                                + (type == null ? " (the request has none)" : " (the request says " + type + ")"),
                        ErrorCode.UnsupportedMediaType));
    }
}
