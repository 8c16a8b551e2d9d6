package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.Store;
import dev.corral.api.units.ByteSize;
import java.time.Clock;

/**
 * What the operator may do to a volume through the API, checked before anything is written: a
 * refused action changes nothing. Only the spec (and the deletion mark) is written here; the
 * control plane turns it into replicas and engines and reports progress in the status.
 */
final class VolumeActions {
    private final Store store;
    private final Clock clock;

    VolumeActions(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new volume from the short form or from a full Volume resource (status is the store's to set). */
    Volume create(JsonNode body) {
        Volume asked;
        if (body.has("metadata") || body.has("spec") || body.has("kind")) {
            Volume given = RequestBodies.resource(Kind.VOLUME, body);
            if (given.spec() == null) {
                throw ApiException.badRequest("volume " + given.name() + " needs a spec");
            }
            asked = new Volume(
                    ObjectMeta.named(given.name(), given.metadata().labels()), given.spec(), Volume.Status.initial());
        } else {
            asked = VolumeRequests.toVolume(
                    VolumeRequests.parse(body), settings().spec().defaultReplicaCount());
        }
        VolumeRules.check(asked.name(), asked.spec());
        checkBounded(asked.spec().size());
        if (!asked.spec().nodeId().isEmpty()) {
            requireNode(asked.spec().nodeId());
        }
        try {
            return store.create(asked);
        } catch (AlreadyExistsException e) {
            throw new AlreadyExistsException("volume " + asked.name() + " already exists");
        }
    }

    /** A full replacement (PUT): the same rules as create, and a volume never shrinks. */
    Volume replace(String name, JsonNode body) {
        Volume given = RequestBodies.resource(Kind.VOLUME, body);
        if (!given.name().equals(name)) {
            throw ApiException.badRequest(
                    "metadata.name '" + given.name() + "' does not match the path's volume " + name);
        }
        VolumeRules.check(name, given.spec());
        Volume stored = Modify.get(store, Kind.VOLUME, name);
        if (stored.metadata().resourceVersion() != given.metadata().resourceVersion()) {
            // Checked first: the rules below compare with the stored object, which the caller has not seen.
            throw new ConflictException(
                    "volume " + name + " is at version " + stored.metadata().resourceVersion() + ", not "
                            + given.metadata().resourceVersion() + "; read it again");
        }
        if (given.spec().size() < stored.spec().size()) {
            throw shrink(name, stored.spec().size(), given.spec().size());
        }
        if (given.spec().size() > stored.spec().size()) {
            checkBounded(given.spec().size());
        }
        String node = given.spec().nodeId();
        if (!node.isEmpty() && !node.equals(stored.spec().nodeId())) {
            requireNode(node);
        }
        return store.update(given);
    }

    Volume attach(String name, JsonNode body) {
        String node = RequestBodies.text(body, "node");
        requireNode(node);
        return Modify.apply(store, Kind.VOLUME, name, volume -> {
            refuseWhileDeleting(volume, "attached");
            String current = volume.spec().nodeId();
            if (current.equals(node)) {
                return volume;
            }
            if (!current.isEmpty()) {
                throw ApiException.conflict("volume " + name + " is attached to node " + current + "; detach it first");
            }
            return volume.withSpec(volume.spec().withNodeId(node));
        });
    }

    Volume detach(String name) {
        return Modify.apply(
                store,
                Kind.VOLUME,
                name,
                volume -> volume.withSpec(volume.spec().withNodeId("")));
    }

    /** Grows the volume; the same size again is a no-op, so that a retried request succeeds. */
    Volume expand(String name, JsonNode body) {
        long size = RequestBodies.size(body, "size");
        VolumeRules.checkSize(size);
        checkBounded(size);
        return Modify.apply(store, Kind.VOLUME, name, volume -> {
            refuseWhileDeleting(volume, "expanded");
            if (size < volume.spec().size()) {
                throw shrink(name, volume.spec().size(), size);
            }
            return volume.withSpec(volume.spec().withSize(size));
        });
    }

    /**
     * Marks the volume for deletion; the control plane removes its engine and replicas, then it.
     *
     * @param resourceVersion the version the caller read, or 0 for whatever is stored
     */
    Volume delete(String name, long resourceVersion) {
        if (resourceVersion != 0) {
            Volume stored = Modify.get(store, Kind.VOLUME, name);
            if (stored.metadata().resourceVersion() != resourceVersion) {
                throw new ConflictException("volume " + name + " is at version "
                        + stored.metadata().resourceVersion() + ", not " + resourceVersion);
            }
            return stored.metadata().deleting() ? stored : store.update(markDeleted(stored));
        }
        return Modify.apply(
                store, Kind.VOLUME, name, volume -> volume.metadata().deleting() ? volume : markDeleted(volume));
    }

    private Volume markDeleted(Volume volume) {
        return volume.withMetadata(volume.metadata().withDeletionTimestamp(clock.instant()));
    }

    /** The cluster's settings, created with the defaults when nobody has written them yet. */
    Settings settings() {
        return store.get(Kind.SETTINGS, Settings.NAME).orElseGet(() -> {
            try {
                return store.create(Settings.initial());
            } catch (AlreadyExistsException raced) {
                return Modify.get(store, Kind.SETTINGS, Settings.NAME);
            }
        });
    }

    private void checkBounded(long size) {
        VolumeRules.checkBounded(size, settings().spec(), store.list(Kind.NODE));
    }

    private void requireNode(String node) {
        if (store.get(Kind.NODE, node).isEmpty()) {
            throw ApiException.badRequest("there is no node " + node);
        }
    }

    private static void refuseWhileDeleting(Volume volume, String action) {
        if (volume.metadata().deleting()) {
            throw ApiException.conflict("volume " + volume.name() + " is being deleted and cannot be " + action);
        }
    }

    private static ApiException shrink(String name, long from, long to) {
        return ApiException.badRequest("volume " + name + " cannot shrink from " + ByteSize.format(from) + " to "
                + ByteSize.format(to) + " (" + to + " bytes); volumes only grow");
    }
}
