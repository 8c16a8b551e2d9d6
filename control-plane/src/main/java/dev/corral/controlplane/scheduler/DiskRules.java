package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.util.List;

/**
 * Whether one disk of an eligible node can take the volume's new replica: scheduling allowed on the
 * disk, the volume's disk tags present, a status reported by the node's agent (without one there
 * are no figures to check space against), and both space rules of {@link DiskSpace}.
 */
record DiskRules(Volume volume, Settings.Spec settings, ScheduledSpace scheduled) {

    sealed interface Verdict {
        record Fits(Candidate candidate) implements Verdict {}

        /** @param reason starts with the disk's label, e.g. "disk default (/data) scheduling disabled" */
        record Refused(String reason) implements Verdict {}
    }

    Verdict check(Node node, AffinityTier tier, String diskName, Node.DiskSpec disk) {
        Node.DiskStatus status = node.status().disks().get(diskName);
        String label = label(diskName, disk, status);
        if (!disk.allowScheduling()) {
            return refused(label, "scheduling disabled");
        }
        List<String> missing = NodeRules.missing(volume.spec().diskSelector(), disk.tags());
        if (!missing.isEmpty()) {
            return refused(label, "missing tags " + missing);
        }
        if (status == null) {
            return refused(label, "has no status yet (the node's agent has not reported it)");
        }
        DiskSpace space = new DiskSpace(
                status.storageMaximum(),
                status.storageAvailable(),
                disk.storageReserved(),
                scheduled.on(node.name(), diskName));
        long size = volume.spec().size();
        int overProvisioning = settings.storageOverProvisioningPercentage();
        if (!space.fitsProvisioning(size, overProvisioning)) {
            return refused(label, space.overProvisioning(size, overProvisioning));
        }
        long actualSize = volume.status().actualSize();
        int minimalAvailable = settings.storageMinimalAvailablePercentage();
        if (!space.keepsMinimalFree(actualSize, minimalAvailable)) {
            return refused(label, space.minimalFreeShortfall(actualSize, minimalAvailable));
        }
        return new Verdict.Fits(new Candidate(
                node.name(),
                diskName,
                path(disk, status),
                tier,
                DiskSpace.saturatingAdd(space.scheduled(), size),
                space.allowed(overProvisioning)));
    }

    private static Verdict refused(String label, String why) {
        return new Verdict.Refused(label + " " + why);
    }

    /** Operators know a disk by its path; the name is what tags and replicas refer to. Both, when they differ. */
    private static String label(String diskName, Node.DiskSpec disk, Node.DiskStatus status) {
        String path = path(disk, status);
        return path.isEmpty() || path.equals(diskName) ? "disk " + diskName : "disk " + diskName + " (" + path + ")";
    }

    /** The spec's path is the intent; the status' is what the agent found, used only when the spec has none. */
    private static String path(Node.DiskSpec disk, Node.DiskStatus status) {
        if (disk.path() != null && !disk.path().isEmpty()) {
            return disk.path();
        }
        return status == null || status.path() == null ? "" : status.path();
    }
}
