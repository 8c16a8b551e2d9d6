package dev.corral.controlplane.server;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * An operator's delete of a Replica must not take the last good copy of a volume's data: the agent
 * would stop the replica and purge its directory. The control plane's own deletions (a volume being
 * deleted, a failed replica replaced) write the store directly and are not checked here.
 */
final class ReplicaDeletion {
    private ReplicaDeletion() {}

    /** @throws ApiException 409 when {@code name} holds the only good copy of its volume's data */
    static void check(Store store, String name) {
        Optional<Replica> found = store.get(Kind.REPLICA, name);
        if (found.isEmpty()) {
            return; // the store answers 404
        }
        Replica replica = found.get();
        String volumeName = replica.spec().volumeName();
        Optional<Volume> volume = store.get(Kind.VOLUME, volumeName);
        if (volume.isEmpty() || volume.get().status().state() == Volume.State.DELETING) {
            return; // its data goes with the volume
        }
        List<Replica> others = store.list(Kind.REPLICA).stream()
                .filter(r ->
                        r.spec().volumeName().equals(volumeName) && !r.name().equals(name))
                .toList();
        Optional<Engine> engine = store.get(Kind.ENGINE, volumeName);
        boolean last;
        if (engine.isPresent() && !engine.get().status().replicaModes().isEmpty()) {
            var modes = engine.get().status().replicaModes();
            last = modes.get(name) == ReplicaMode.RW
                    && others.stream().noneMatch(r -> modes.get(r.name()) == ReplicaMode.RW);
        } else {
            last = holdsData(replica) && others.stream().noneMatch(ReplicaDeletion::holdsData);
        }
        if (last) {
            throw ApiException.conflict("replica " + name + " holds the last good copy of volume " + volumeName
                    + "'s data (no other replica is RW or healthy): deleting it would lose the volume; add a"
                    + " replica and let it rebuild first, or delete the volume");
        }
    }

    /** Was RW in its engine and has not failed since. */
    private static boolean holdsData(Replica replica) {
        return replica.spec().healthyAt() != null && replica.spec().failedAt() == null;
    }
}
