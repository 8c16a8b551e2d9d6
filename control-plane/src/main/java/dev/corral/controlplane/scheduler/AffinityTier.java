package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Settings;

/**
 * How well a node spreads a volume's replicas, best first (Longhorn's order): a node and zone that
 * hold none of them, then a new node in a zone that already does, then, only with soft node
 * anti-affinity, a node that already holds one. A lower tier is taken only when no node of a higher
 * one can take the replica.
 */
enum AffinityTier {
    NEW_NODE_NEW_ZONE,
    NEW_NODE_SAME_ZONE,
    SAME_NODE_NEW_ZONE,
    SAME_NODE_SAME_ZONE;

    static AffinityTier of(boolean sameNode, boolean sameZone) {
        if (sameNode) {
            return sameZone ? SAME_NODE_SAME_ZONE : SAME_NODE_NEW_ZONE;
        }
        return sameZone ? NEW_NODE_SAME_ZONE : NEW_NODE_NEW_ZONE;
    }

    boolean sameNode() {
        return this == SAME_NODE_NEW_ZONE || this == SAME_NODE_SAME_ZONE;
    }

    boolean sameZone() {
        return this == NEW_NODE_SAME_ZONE || this == SAME_NODE_SAME_ZONE;
    }

    /** Whether the settings let a replica go to a node of this tier at all. */
    boolean allowed(Settings.Spec settings) {
        return (!sameNode() || settings.replicaSoftAntiAffinity())
                && (!sameZone() || settings.replicaZoneSoftAntiAffinity());
    }
}
