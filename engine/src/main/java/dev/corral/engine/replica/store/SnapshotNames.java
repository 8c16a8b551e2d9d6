package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.util.regex.Pattern;

/** The rules a new snapshot must pass before anything on disk changes. */
final class SnapshotNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private SnapshotNames() {}

    /** Throws INVALID unless {@code name} is well-formed and not the head's reserved name. */
    static void requireWellFormed(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw invalid("snapshot name '" + name + "' is invalid: use 1 to 64 characters from A-Z, a-z, 0-9, "
                    + "'.', '_' and '-'");
        }
        if (name.equals(ReplicaMetadata.HEAD_NAME)) {
            throw invalid("snapshot name '" + name + "' is reserved for the writable head layer");
        }
    }

    /** Throws INVALID unless {@code name} is well-formed, unused, and the chain has room for it. */
    static void requireUsable(String name, ReplicaMetadata metadata, int maxLayers) {
        requireWellFormed(name);
        if (metadata.layers().stream().anyMatch(layer -> layer.name().equals(name))) {
            throw invalid("a snapshot named '" + name + "' already exists");
        }
        if (metadata.layers().size() >= maxLayers) {
            throw invalid("the replica already has " + metadata.layers().size() + " layers, the most a chain may "
                    + "have; remove and purge snapshots before taking snapshot '" + name + "'");
        }
    }

    private static BlockIoException invalid(String message) {
        return new BlockIoException(IoError.INVALID, message);
    }
}
