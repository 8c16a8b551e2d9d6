package dev.corral.api.layeringfixture;

import dev.corral.engine.block.IoError;

/** An api class (test-only) that reaches into the engine, for the api rule's own test. */
public final class ApiFixtures {
    private ApiFixtures() {}

    public static final class ReachesIntoTheEngine {
        public String describe() {
            return IoError.NO_SPACE.name();
        }
    }
}
