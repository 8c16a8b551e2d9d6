package dev.corral.engine.layeringfixture.pong;

import dev.corral.engine.layeringfixture.ping.Ping;

/** The other half of a package cycle (test-only), for the cycle rule's own test. */
public final class Pong {
    public Ping answer() {
        return new Ping();
    }
}
