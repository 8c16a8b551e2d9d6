package dev.corral.engine.layeringfixture;

import dev.corral.api.model.Volume;
import dev.corral.engine.block.IoError;

/** Engine classes (test-only) for the layering rules' own tests. */
public final class EngineFixtures {
    private EngineFixtures() {}

    /** Reads the cluster's resource model: the engine depending on something of ours. */
    public static final class ReadsTheClusterModel {
        public String describe(Volume volume) {
            return volume.name();
        }
    }

    /** Uses only the engine's own types. */
    public static final class UsesOnlyTheEngine {
        public int errno() {
            return IoError.NO_SPACE.errno();
        }
    }
}
