package dev.corral.controlplane.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One debug line per request. Behind a trusted reverse proxy the line shows the client's address
 * and the URL it asked for, not the proxy's. Headers are never logged: they carry the credentials.
 */
final class AccessLog implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final TrustedProxies proxies;

    AccessLog(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (log.isDebugEnabled()) {
            long start = System.nanoTime();
            HttpServerRequest request = ctx.request();
            ClientView client = ClientView.of(ctx, proxies);
            ctx.addBodyEndHandler(v -> log.debug(
                    "{} {} -> {} in {} ms from {}",
                    request.method(),
                    client.url(request.path()),
                    ctx.response().getStatusCode(),
                    (System.nanoTime() - start) / 1_000_000,
                    client.clientAddress()));
        }
        ctx.next();
    }
}
