package dev.corral.api.nbd;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The two NBD URI forms a volume's endpoint takes (those of the NBD URI specification, which
 * libnbd, nbdcopy and fio read too): {@code nbd://HOST:PORT/EXPORT} and {@code
 * nbd+unix:///EXPORT?socket=PATH}.
 */
final class NbdUris {
    private NbdUris() {}

    static SocketAddress address(URI uri) {
        return switch (String.valueOf(uri.getScheme())) {
            case "nbd" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new IllegalArgumentException("not an nbd://HOST:PORT/EXPORT URI: " + uri);
                }
                yield new InetSocketAddress(uri.getHost(), uri.getPort());
            }
            case "nbd+unix" -> UnixDomainSocketAddress.of(socket(uri));
            default ->
                throw new IllegalArgumentException(
                        "not an nbd://HOST:PORT/EXPORT or nbd+unix:///EXPORT?socket=PATH URI: " + uri);
        };
    }

    static String export(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static String socket(URI uri) {
        String query = uri.getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("socket=") && parameter.length() > "socket=".length()) {
                    return URLDecoder.decode(parameter.substring("socket=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException(
                "an nbd+unix URI names its socket: nbd+unix:///EXPORT?socket=PATH, got " + uri);
    }
}
