package dev.corral.controlplane.server;

import dev.corral.api.v1.ApiError;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Every request must carry the configured user and password (HTTP basic authentication). */
final class BasicAuth implements Handler<RoutingContext> {
    private final Credentials credentials;

    BasicAuth(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (credentials.admits(header)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("www-authenticate", "Basic realm=\"corral\", charset=\"UTF-8\"");
        Replies.error(
                ctx,
                new ApiError(
                        header == null ? "authentication required" : "wrong user name or password",
                        ErrorCode.Unauthorized));
    }
}
