package dev.corral.engine.http;

import java.util.Locale;

/**
 * Whether a request's Content-Type says JSON. Every HTTP server of Corral requires it on requests
 * that change state: a web page can make a browser send a cross-origin POST without a preflight
 * only as a form or text/plain, so requiring application/json keeps pages out.
 */
public final class JsonContent {
    private JsonContent() {}

    /** {@code application/json}, with or without parameters; a missing header is not JSON. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }
}
