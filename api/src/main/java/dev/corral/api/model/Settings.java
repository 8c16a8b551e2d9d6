package dev.corral.api.model;

/**
 * Cluster-wide settings: one object, named {@value #NAME}. Defaults follow Longhorn's where it has
 * the same setting, so that its operators find what they expect.
 */
public record Settings(ObjectMeta metadata, Spec spec) implements Resource {
    public static final String NAME = "default";

    /**
     * @param defaultDataPath the data path of a node's default disk, relative paths under the
     *     agent's directory
     * @param replicaSoftAntiAffinity allow two replicas of a volume on one node when nothing else fits
     * @param replicaZoneSoftAntiAffinity prefer replicas in different zones (never required)
     * @param storageOverProvisioningPercentage scheduled volume size may reach this % of
     *     (capacity - reserved)
     * @param storageMinimalAvailablePercentage a disk below this % free takes no new replica
     * @param replicaReplenishmentWaitIntervalSeconds how long a failed replica's node may take to
     *     come back (its data reused by a delta rebuild) before a new replica is built elsewhere
     * @param concurrentReplicaRebuildPerNodeLimit rebuilds running at once onto one node
     * @param nodeDownTimeoutSeconds silence after which a node is marked down
     */
    public record Spec(
            int defaultReplicaCount,
            String defaultDataPath,
            boolean replicaSoftAntiAffinity,
            boolean replicaZoneSoftAntiAffinity,
            int storageOverProvisioningPercentage,
            int storageMinimalAvailablePercentage,
            long replicaReplenishmentWaitIntervalSeconds,
            int concurrentReplicaRebuildPerNodeLimit,
            long nodeDownTimeoutSeconds) {

        public Spec withReplenishmentWait(long seconds) {
            return new Spec(
                    defaultReplicaCount,
                    defaultDataPath,
                    replicaSoftAntiAffinity,
                    replicaZoneSoftAntiAffinity,
                    storageOverProvisioningPercentage,
                    storageMinimalAvailablePercentage,
                    seconds,
                    concurrentReplicaRebuildPerNodeLimit,
                    nodeDownTimeoutSeconds);
        }

        public Spec withMinimalAvailablePercentage(int percent) {
            return new Spec(
                    defaultReplicaCount,
                    defaultDataPath,
                    replicaSoftAntiAffinity,
                    replicaZoneSoftAntiAffinity,
                    storageOverProvisioningPercentage,
                    percent,
                    replicaReplenishmentWaitIntervalSeconds,
                    concurrentReplicaRebuildPerNodeLimit,
                    nodeDownTimeoutSeconds);
        }

        public Spec withNodeDownTimeout(long seconds) {
            return new Spec(
                    defaultReplicaCount,
                    defaultDataPath,
                    replicaSoftAntiAffinity,
                    replicaZoneSoftAntiAffinity,
                    storageOverProvisioningPercentage,
                    storageMinimalAvailablePercentage,
                    replicaReplenishmentWaitIntervalSeconds,
                    concurrentReplicaRebuildPerNodeLimit,
                    seconds);
        }
    }

    public static Spec defaults() {
        return new Spec(3, "data", false, true, 100, 25, 600, 5, 10);
    }

    public static Settings initial() {
        return new Settings(ObjectMeta.named(NAME), defaults());
    }

    public Settings withSpec(Spec newSpec) {
        return new Settings(metadata, newSpec);
    }

    @Override
    public Settings withMetadata(ObjectMeta newMetadata) {
        return new Settings(newMetadata, spec);
    }
}
