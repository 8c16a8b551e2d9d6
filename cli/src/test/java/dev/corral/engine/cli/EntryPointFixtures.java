package dev.corral.engine.cli;

import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;

/** Classes of the engine's entry point package (test-only), for the rule on its one exception. */
public final class EntryPointFixtures {
    private EntryPointFixtures() {}

    /** Parses a size with the api's units: the documented exception. */
    public static final class ParsesSizes {
        public long parse(String size) {
            return ByteSize.parse(size);
        }
    }

    /** Reads the cluster's resource model: beyond the exception. */
    public static final class ReadsTheClusterModel {
        public String describe(Volume volume) {
            return volume.name();
        }
    }
}
