package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.util.List;
import java.util.Optional;

/**
 * Whether a node as a whole may take the volume's new replica, before its disks are looked at:
 * Ready, scheduling allowed, no eviction asked for, the volume's node tags present, and anti-affinity
 * (hard unless the settings make it soft). The first rule that fails is the node's reason.
 */
record NodeRules(Volume volume, Settings.Spec settings, AntiAffinity antiAffinity) {

    /** Why the node cannot take the replica, or empty when its disks decide. */
    Optional<String> refusal(Node node) {
        if (!node.ready()) {
            return Optional.of("not ready");
        }
        if (!node.spec().allowScheduling()) {
            return Optional.of("scheduling disabled");
        }
        if (node.spec().evictionRequested()) {
            return Optional.of("eviction requested");
        }
        List<String> missing = missing(volume.spec().nodeSelector(), node.spec().tags());
        if (!missing.isEmpty()) {
            return Optional.of("missing tags " + missing);
        }
        AffinityTier tier = antiAffinity.tier(node);
        if (tier.sameNode() && !settings.replicaSoftAntiAffinity()) {
            return Optional.of("already holds a replica of this volume");
        }
        if (tier.sameZone() && !settings.replicaZoneSoftAntiAffinity()) {
            return Optional.of("zone " + node.spec().zone() + " already holds a replica of this volume");
        }
        return Optional.empty();
    }

    /** The selector's tags that {@code tags} lacks, in the selector's order. */
    static List<String> missing(List<String> selector, List<String> tags) {
        return selector.stream().filter(tag -> !tags.contains(tag)).distinct().toList();
    }
}
