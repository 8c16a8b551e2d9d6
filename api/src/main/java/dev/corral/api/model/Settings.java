package dev.corral.api.model;

/**
 * Cluster-wide settings: one object, named {@value #NAME}. Defaults follow Longhorn's where it has
 * the same setting, so that its operators find what they expect.
 */
public record Settings(ObjectMeta metadata, Spec spec) implements Resource {
    public static final String NAME = "default";

    /** 64 TiB: ext4's largest file is 16 TiB, xfs' 8 EiB; a larger volume is a deliberate setting. */
    public static final long DEFAULT_MAX_VOLUME_SIZE = 64L << 40;

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
     * @param maxVolumeSize the largest volume (bytes) the API creates or expands to; left out, it is
     *     {@link #DEFAULT_MAX_VOLUME_SIZE}, so that settings stored before it existed still read
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
            long nodeDownTimeoutSeconds,
            Long maxVolumeSize) {
        public Spec {
            maxVolumeSize = maxVolumeSize == null ? DEFAULT_MAX_VOLUME_SIZE : maxVolumeSize;
        }

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
                    nodeDownTimeoutSeconds,
                    maxVolumeSize);
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
                    nodeDownTimeoutSeconds,
                    maxVolumeSize);
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
                    seconds,
                    maxVolumeSize);
        }

        public Spec withMaxVolumeSize(long bytes) {
            return new Spec(
                    defaultReplicaCount,
                    defaultDataPath,
                    replicaSoftAntiAffinity,
                    replicaZoneSoftAntiAffinity,
                    storageOverProvisioningPercentage,
                    storageMinimalAvailablePercentage,
                    replicaReplenishmentWaitIntervalSeconds,
                    concurrentReplicaRebuildPerNodeLimit,
                    nodeDownTimeoutSeconds,
                    bytes);
        }
    }

    public static Spec defaults() {
        return new Spec(3, "data", false, true, 100, 25, 600, 5, 10, DEFAULT_MAX_VOLUME_SIZE);
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
