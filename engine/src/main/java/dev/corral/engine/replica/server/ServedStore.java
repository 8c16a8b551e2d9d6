package dev.corral.engine.replica.server;

import dev.corral.engine.replica.ActiveChain;
import dev.corral.engine.replica.BlockStore;
import dev.corral.engine.replica.ReplicaStore;
import java.util.Objects;

/**
 * What a replica server answers from. Block I/O and the active chain are always served. The
 * snapshot tree and both ends of a rebuild need layer files: a whole {@link ReplicaStore} has them;
 * a store without them (the in-memory store of the protocol tests) is served too, and requests for
 * those roles are answered NOT_SUPPORTED, as an op the server does not know is.
 */
public sealed interface ServedStore {
    BlockStore blocks();

    ActiveChain chain();

    /** Every role of the protocol. */
    record Whole(ReplicaStore store) implements ServedStore {
        public Whole {
            Objects.requireNonNull(store, "store");
        }

        @Override
        public BlockStore blocks() {
            return store;
        }

        @Override
        public ActiveChain chain() {
            return store;
        }
    }

    /** No layer files: block I/O and the active chain only. */
    record WithoutLayers(BlockStore blocks, ActiveChain chain) implements ServedStore {
        public WithoutLayers {
            Objects.requireNonNull(blocks, "blocks");
            Objects.requireNonNull(chain, "chain");
        }
    }
}
