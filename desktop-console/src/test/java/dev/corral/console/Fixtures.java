package dev.corral.console;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Volume;
import dev.corral.api.store.WatchEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Resources as the API would send them, for ViewModel tests. */
public final class Fixtures {
    private Fixtures() {}

    public static Node node(String name, boolean ready, boolean schedulable) {
        Condition readyCondition = Condition.of(Node.READY, ready, ready ? "Heartbeat" : "NodeDown", "", Instant.EPOCH);
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("127.0.1.1", schedulable, List.of(), "", Map.of(), false),
                new Node.Status(List.of(readyCondition), Instant.EPOCH, null, null, Map.of()));
    }

    public static Volume volume(
            String name, Volume.State state, Volume.Robustness robustness, String node, List<Condition> conditions) {
        return new Volume(
                ObjectMeta.named(name),
                new Volume.Spec(1L << 30, 3, null, 60, List.of(), List.of(), node),
                new Volume.Status(state, robustness, node, node.isEmpty() ? "" : "nbd://x", 0, conditions, null));
    }

    public static Replica replica(String name, String volume, String node, InstanceState state, ReplicaMode mode) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec(volume, node, "default", "/d", 1L << 30, InstanceState.RUNNING, null, null),
                new Replica.Status(state, "127.0.0.1:1", mode, List.of()));
    }

    public static Engine engineRebuilding(String volume, String node, String replica, long done, long total) {
        Engine.RebuildProgress progress =
                new Engine.RebuildProgress("r-src", "RUNNING", done, total, done, 1 << 20, 10.0, null, Instant.EPOCH);
        return new Engine(
                ObjectMeta.named(volume),
                new Engine.Spec(volume, node, 1L << 30, Map.of(), InstanceState.RUNNING),
                new Engine.Status(
                        InstanceState.RUNNING,
                        "nbd://x",
                        "",
                        Map.of(replica, ReplicaMode.WO),
                        Map.of(replica, progress),
                        1L << 30,
                        List.of()));
    }

    public static WatchEvent added(Resource resource) {
        return new WatchEvent(WatchEvent.Type.ADDED, resource, 1);
    }

    public static WatchEvent deleted(Resource resource) {
        return new WatchEvent(WatchEvent.Type.DELETED, resource, 2);
    }

    public static WatchEvent synced() {
        return new WatchEvent(WatchEvent.Type.SYNCED, null, 1);
    }
}
