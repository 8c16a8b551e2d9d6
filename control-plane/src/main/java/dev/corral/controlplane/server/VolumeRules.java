package dev.corral.controlplane.server;

import dev.corral.api.model.Node;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.units.ByteSize;
import dev.corral.controlplane.scheduler.LargestDisk;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** What a volume's name and spec must satisfy, whichever way they arrive. */
final class VolumeRules {
    /** A DNS label, as Kubernetes object names are (a PVC's volume is named after it). */
    static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    static final int MAX_REPLICAS = 20;

    /** The engine's block size: every size is a whole number of blocks. */
    static final long BLOCK = 4096;

    private VolumeRules() {}

    static void check(String name, Volume.Spec spec) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid volume name '" + name
                    + "': use 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        if (spec == null) {
            throw ApiException.badRequest("volume " + name + " needs a spec");
        }
        checkSize(spec.size());
        if (spec.numberOfReplicas() < 1 || spec.numberOfReplicas() > MAX_REPLICAS) {
            throw ApiException.badRequest(
                    "numberOfReplicas must be between 1 and " + MAX_REPLICAS + ", got " + spec.numberOfReplicas());
        }
        if (spec.staleReplicaTimeoutSeconds() < 0) {
            throw ApiException.badRequest(
                    "staleReplicaTimeoutSeconds must not be negative, got " + spec.staleReplicaTimeoutSeconds());
        }
        checkTags("nodeSelector", spec.nodeSelector());
        checkTags("diskSelector", spec.diskSelector());
    }

    static void checkSize(long size) {
        if (size <= 0 || size % BLOCK != 0) {
            throw ApiException.badRequest(
                    "size must be a positive multiple of " + BLOCK + " bytes, got " + size + " bytes");
        }
    }

    /**
     * A size the cluster can hold: at most the {@code maxVolumeSize} setting, and no more than the
     * largest disk that has reported its size could take as one replica (no other disk could).
     */
    static void checkBounded(long size, Settings.Spec settings, Collection<Node> nodes) {
        if (size > settings.maxVolumeSize()) {
            throw ApiException.badRequest("size " + ByteSize.format(size) + " (" + size
                    + " bytes) is larger than the cluster's maxVolumeSize setting, "
                    + ByteSize.format(settings.maxVolumeSize()));
        }
        LargestDisk.among(nodes, settings.storageOverProvisioningPercentage()).ifPresent(largest -> {
            if (size > largest.ceiling()) {
                throw ApiException.badRequest("size " + ByteSize.format(size) + " (" + size
                        + " bytes) fits on no disk: the largest takes " + ByteSize.format(largest.ceiling())
                        + " (" + largest.label() + ")");
            }
        });
    }

    private static void checkTags(String field, List<String> tags) {
        if (tags.stream().anyMatch(tag -> tag == null || tag.isBlank())) {
            throw ApiException.badRequest(field + " must not hold empty tags");
        }
    }
}
