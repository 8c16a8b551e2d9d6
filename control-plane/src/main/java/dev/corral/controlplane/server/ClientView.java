package dev.corral.controlplane.server;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The request as the client made it: behind a trusted reverse proxy, the scheme, host and client
 * address it forwarded in X-Forwarded-Proto/Host/Port/For; from anyone else, the connection's own.
 */
record ClientView(String scheme, String host, int port, String clientAddress) {
    static ClientView of(RoutingContext ctx, TrustedProxies proxies) {
        HttpServerRequest request = ctx.request();
        SocketAddress peer = request.remoteAddress();
        String peerAddress = peer == null ? null : peer.hostAddress();
        HostAndPort authority = request.authority();
        String scheme = request.scheme();
        String host = authority == null ? null : authority.host();
        int port = authority == null ? -1 : authority.port();
        String client = peerAddress;
        if (proxies.trusts(peerAddress)) {
            String proto = first(request.getHeader("X-Forwarded-Proto"));
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
                port = -1;
            }
            String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
            if (forwardedHost != null) {
                HostAndPort parsed = HostAndPort.parseAuthority(forwardedHost, -1);
                if (parsed != null) {
                    host = parsed.host();
                    port = parsed.port();
                }
            }
            String forwardedPort = first(request.getHeader("X-Forwarded-Port"));
            if (forwardedPort != null && forwardedPort.matches("\\d{1,5}")) {
                port = Integer.parseInt(forwardedPort);
            }
            String forwardedFor = first(request.getHeader("X-Forwarded-For"));
            if (forwardedFor != null) {
                client = forwardedFor;
            }
        }
        return new ClientView(scheme, host, port, client);
    }

    /** The first of a comma-separated list: the one the outermost proxy saw. */
    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    /** The absolute URL of {@code path} on this server as the client addressed it. */
    String url(String path) {
        if (host == null) {
            return path;
        }
        boolean defaultPort =
                port < 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String shownHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + (defaultPort ? "" : ":" + port) + path;
    }
}
