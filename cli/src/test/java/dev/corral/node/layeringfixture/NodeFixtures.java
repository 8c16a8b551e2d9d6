package dev.corral.node.layeringfixture;

import dev.corral.controlplane.store.SqliteStore;
import java.nio.file.Path;

/** A node class (test-only) that opens the control plane's store, for the node rule's own test. */
public final class NodeFixtures {
    private NodeFixtures() {}

    public static final class OpensTheControlPlaneStore {
        public SqliteStore open(Path dir) {
            return SqliteStore.open(dir.resolve("state.db"));
        }
    }
}
