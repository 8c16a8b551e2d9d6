package dev.corral.controlplane.scheduler;

import dev.corral.api.units.ByteSize;

/**
 * The space figures of one disk, and Longhorn's two space rules for one new replica on it, with the
 * disk's reserved space taken out of both (reserved bytes are the operator's, never a replica's):
 *
 * <ul>
 *   <li>over-provisioning: {@code scheduled + size <= floor(max(0, maximum - reserved) *
 *       overProvisioningPercentage / 100)} where {@code scheduled} is the sum of {@code spec.size}
 *       of the replicas already placed on the disk;
 *   <li>minimal available: {@code available - reserved - actualSize > floor(maximum *
 *       minimalAvailablePercentage / 100)} where {@code actualSize} is the volume's {@code
 *       status.actualSize}: the data a rebuild will copy onto the new replica (0 for a new
 *       volume), so that the disk still keeps its minimal free share once the copy is done. A
 *       thin volume's full size is not counted here; the over-provisioning rule bounds that.
 * </ul>
 *
 * @param maximum the filesystem's size (DiskStatus.storageMaximum)
 * @param available free bytes now (DiskStatus.storageAvailable)
 * @param reserved bytes kept free of replicas (DiskSpec.storageReserved)
 * @param scheduled volume size already placed on the disk, counted from the replicas
 */
record DiskSpace(long maximum, long available, long reserved, long scheduled) {

    /** Volume size the disk may hold in total. */
    long allowed(int overProvisioningPercentage) {
        return percentOf(Math.max(0, maximum - reserved), overProvisioningPercentage);
    }

    /** Bytes that must stay free beyond what the new replica takes. */
    long minimalFree(int minimalAvailablePercentage) {
        return percentOf(maximum, minimalAvailablePercentage);
    }

    /** Free bytes left for replicas once reserved space and the replica's data are taken. */
    long freeAfter(long actualSize) {
        return available - reserved - actualSize;
    }

    boolean keepsMinimalFree(long actualSize, int minimalAvailablePercentage) {
        return freeAfter(actualSize) > minimalFree(minimalAvailablePercentage);
    }

    boolean fitsProvisioning(long size, int overProvisioningPercentage) {
        return saturatingAdd(scheduled, size) <= allowed(overProvisioningPercentage);
    }

    /** E.g. "has 1.2 GiB available; needs more than 25 % of 10.0 GiB free" (the rule is strict). */
    String minimalFreeShortfall(long actualSize, int minimalAvailablePercentage) {
        StringBuilder text =
                new StringBuilder("has ").append(ByteSize.format(available)).append(" available");
        // Name every deduction, so the operator can redo the sum from the message alone.
        if (reserved > 0 || actualSize > 0) {
            text.append(", ").append(signed(freeAfter(actualSize))).append(" after ");
            if (reserved > 0) {
                text.append(ByteSize.format(reserved)).append(" reserved");
            }
            if (reserved > 0 && actualSize > 0) {
                text.append(" and ");
            }
            if (actualSize > 0) {
                text.append(ByteSize.format(actualSize)).append(" of volume data");
            }
        }
        return text.append("; needs more than ")
                .append(minimalAvailablePercentage)
                .append(" % of ")
                .append(ByteSize.format(maximum))
                .append(" free")
                .toString();
    }

    /** E.g. "would be over-provisioned: 18.0 GiB scheduled + 4.0 GiB > 20.0 GiB allowed (100 % of 20.0 GiB)". */
    String overProvisioning(long size, int overProvisioningPercentage) {
        String base = reserved > 0
                ? ByteSize.format(maximum) + " - " + ByteSize.format(reserved) + " reserved"
                : ByteSize.format(maximum);
        return "would be over-provisioned: " + ByteSize.format(scheduled) + " scheduled + " + ByteSize.format(size)
                + " > " + ByteSize.format(allowed(overProvisioningPercentage)) + " allowed ("
                + overProvisioningPercentage + " % of " + base + ")";
    }

    /**
     * {@code bytes * percent / 100} rounded down, exact for every disk size: splitting off the
     * hundreds keeps the product inside a long where {@code bytes * percent} would overflow.
     * Saturates at Long.MAX_VALUE (a percentage no one would set).
     */
    static long percentOf(long bytes, int percent) {
        if (bytes <= 0 || percent <= 0) {
            return 0;
        }
        try {
            return Math.addExact(Math.multiplyExact(bytes / 100, (long) percent), (bytes % 100) * percent / 100);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** Sizes are never negative; a sum past Long.MAX_VALUE fits nowhere, so saturating keeps the rule right. */
    static long saturatingAdd(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** ByteSize formats non-negative counts; a disk whose reservation exceeds its free space goes below zero. */
    private static String signed(long bytes) {
        return bytes < 0 ? "-" + ByteSize.format(-bytes) : ByteSize.format(bytes);
    }
}
