package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.units.ByteSize;
import java.util.Collection;
import java.util.Optional;

/**
 * The disk that could take the largest replica of all: the most volume size the scheduler's
 * over-provisioning rule would ever place on one disk, were it empty. A volume larger than this
 * can never get a replica anywhere, so the API refuses it at the door instead of storing a volume
 * that stays unscheduled (or an expansion no replica can take).
 *
 * @param ceiling the most volume size one replica on the disk may have
 * @param label how a refusal names the disk and the sum, e.g. "disk default (/data) of node node-1:
 *     100 GiB less 10 GiB reserved, at 100% over-provisioning"
 */
public record LargestDisk(long ceiling, String label) {

    /** Empty while no node has reported a disk's size: then there is nothing to bound by. */
    public static Optional<LargestDisk> among(Collection<Node> nodes, int overProvisioningPercentage) {
        LargestDisk largest = null;
        for (Node node : nodes) {
            for (var disk : node.spec().disks().entrySet()) {
                Node.DiskStatus status = node.status().disks().get(disk.getKey());
                if (status == null || status.storageMaximum() <= 0) {
                    continue;
                }
                long reserved = disk.getValue().storageReserved();
                long ceiling = DiskSpace.percentOf(
                        Math.max(0, status.storageMaximum() - reserved), overProvisioningPercentage);
                if (largest == null || ceiling > largest.ceiling()) {
                    String sum = ByteSize.format(status.storageMaximum())
                            + (reserved > 0 ? " less " + ByteSize.format(reserved) + " reserved" : "")
                            + ", at " + overProvisioningPercentage + "% over-provisioning";
                    largest = new LargestDisk(
                            ceiling,
                            "disk " + disk.getKey() + " (" + disk.getValue().path() + ") of node " + node.name() + ": "
                                    + sum);
                }
            }
        }
        return Optional.ofNullable(largest);
    }
}
