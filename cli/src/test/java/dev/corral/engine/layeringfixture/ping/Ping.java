package dev.corral.engine.layeringfixture.ping;

import dev.corral.engine.layeringfixture.pong.Pong;

/** One half of a package cycle (test-only), for the cycle rule's own test. */
public final class Ping {
    public Pong answer() {
        return new Pong();
    }
}
