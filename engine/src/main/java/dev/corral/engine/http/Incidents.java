package dev.corral.engine.http;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Numbers for faults of a server: the cause goes to the server's log under the number, and the
 * caller gets the number to quote, never exception text (which may name files, addresses or
 * internals). Eight hex digits, unguessable.
 */
public final class Incidents {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Incidents() {}

    public static String next() {
        return HexFormat.of().toHexDigits(RANDOM.nextInt());
    }
}
