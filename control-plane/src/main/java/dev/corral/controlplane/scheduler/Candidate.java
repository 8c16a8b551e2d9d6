package dev.corral.controlplane.scheduler;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * A disk that passes every node and disk rule for the new replica.
 *
 * @param scheduledAfter volume size on the disk once the replica is placed
 * @param allowed volume size the over-provisioning rule lets the disk hold
 */
record Candidate(
        String nodeId, String diskName, String diskPath, AffinityTier tier, long scheduledAfter, long allowed) {

    /**
     * The most balanced disk first: the lowest share of its allowed size scheduled once the replica
     * is on it, so that disks of different sizes fill at the same pace (an absolute free-bytes
     * measure would pile every replica onto the largest disk). Ties go to the node name, then the
     * disk name, so the same cluster always gets the same answer.
     */
    static final Comparator<Candidate> MOST_BALANCED =
            byLoad().thenComparing(Candidate::nodeId).thenComparing(Candidate::diskName);

    Placement.Placed placement() {
        return new Placement.Placed(nodeId, diskName, diskPath);
    }

    private static Comparator<Candidate> byLoad() {
        return Candidate::compareLoad;
    }

    /** scheduledAfter / allowed compared exactly: the products of two longs need more than 64 bits. */
    private static int compareLoad(Candidate a, Candidate b) {
        return BigInteger.valueOf(a.loadNumerator())
                .multiply(BigInteger.valueOf(b.loadDenominator()))
                .compareTo(BigInteger.valueOf(b.loadNumerator()).multiply(BigInteger.valueOf(a.loadDenominator())));
    }

    // A disk allowed nothing (it passed only because the volume has size 0) counts as full.
    private long loadNumerator() {
        return allowed == 0 ? 1 : scheduledAfter;
    }

    private long loadDenominator() {
        return allowed == 0 ? 1 : allowed;
    }
}
