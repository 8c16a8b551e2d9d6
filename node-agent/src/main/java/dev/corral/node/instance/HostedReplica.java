package dev.corral.node.instance;

import dev.corral.api.node.ReplicaView;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import java.io.IOException;
import java.nio.file.Path;

/** One replica served by the instance: its store and the server in front of it. */
record HostedReplica(String name, Path dir, LayeredReplicaStore store, ReplicaServer server) {
    ReplicaView view() {
        return new ReplicaView(name, dir.toString(), server.hostPort(), store.size());
    }

    /** Stops serving, then closes the store cleanly (which clears its dirty flag). */
    void close() throws IOException {
        try {
            server.close();
        } finally {
            store.close();
        }
    }
}
