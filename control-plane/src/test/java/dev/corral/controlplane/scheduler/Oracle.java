package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduling rules restated as plainly as possible, with unbounded integers and no rounding
 * shortcuts, to judge the scheduler's answers in property tests. Shares no code with the scheduler.
 */
record Oracle(Volume volume, List<Replica> volumeReplicas, ClusterSnapshot cluster) {

    /** A disk that passes every rule; {@code tier} 0 best: +2 node holds a replica, +1 zone does. */
    record Option(String node, String disk, int tier, BigInteger loadNumerator, BigInteger loadDenominator) {
        /** Lowest share of the allowed size scheduled after the placement first. */
        static final Comparator<Option> BALANCED = Option::compareLoad;

        static final Comparator<Option> BEST = Comparator.comparingInt(Option::tier)
                .thenComparing(BALANCED)
                .thenComparing(Option::node)
                .thenComparing(Option::disk);

        private static int compareLoad(Option a, Option b) {
            return a.loadNumerator.multiply(b.loadDenominator).compareTo(b.loadNumerator.multiply(a.loadDenominator));
        }
    }

    Settings.Spec settings() {
        return cluster.settings();
    }

    Node node(String name) {
        return cluster.nodes().stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("unknown node " + name));
    }

    boolean nodePasses(Node node) {
        return node.ready()
                && node.spec().allowScheduling()
                && !node.spec().evictionRequested()
                && node.spec().tags().containsAll(volume.spec().nodeSelector());
    }

    boolean diskPasses(Node node, String diskName) {
        Node.DiskSpec spec = node.spec().disks().get(diskName);
        Node.DiskStatus status = node.status().disks().get(diskName);
        return spec != null
                && spec.allowScheduling()
                && spec.tags().containsAll(volume.spec().diskSelector())
                && status != null
                && fitsProvisioning(node, diskName)
                && keepsMinimalFree(node, diskName);
    }

    /** 100 * (scheduled + size) <= (maximum - reserved) * overProvisioning %. */
    boolean fitsProvisioning(Node node, String diskName) {
        BigInteger need =
                big(scheduled(node.name(), diskName) + volume.spec().size()).multiply(big(100));
        return need.compareTo(capacityTimesPercent(node, diskName)) <= 0;
    }

    /** 100 * (available - reserved - actualSize) > maximum * minimalAvailable %. */
    boolean keepsMinimalFree(Node node, String diskName) {
        Node.DiskStatus status = node.status().disks().get(diskName);
        long reserved = node.spec().disks().get(diskName).storageReserved();
        BigInteger free = big(status.storageAvailable())
                .subtract(big(reserved))
                .subtract(big(volume.status().actualSize()))
                .multiply(big(100));
        BigInteger needed = big(status.storageMaximum()).multiply(big(settings().storageMinimalAvailablePercentage()));
        return free.compareTo(needed) > 0;
    }

    private BigInteger capacityTimesPercent(Node node, String diskName) {
        long maximum = node.status().disks().get(diskName).storageMaximum();
        long reserved = node.spec().disks().get(diskName).storageReserved();
        return big(Math.max(0, maximum - reserved)).multiply(big(settings().storageOverProvisioningPercentage()));
    }

    long scheduled(String node, String disk) {
        Map<String, Replica> byName = new LinkedHashMap<>();
        cluster.replicas().forEach(r -> byName.put(r.name(), r));
        volumeReplicas.forEach(r -> byName.putIfAbsent(r.name(), r));
        return byName.values().stream()
                .filter(r ->
                        node.equals(r.spec().nodeId()) && disk.equals(r.spec().diskName()))
                .mapToLong(r -> r.spec().size())
                .sum();
    }

    boolean holdsReplica(Node node) {
        return volumeReplicas.stream().anyMatch(r -> node.name().equals(r.spec().nodeId()));
    }

    boolean zoneHoldsReplica(Node node) {
        if (node.spec().zone().isEmpty()) {
            return false;
        }
        Set<String> zones = new HashSet<>();
        for (Replica r : volumeReplicas) {
            cluster.nodes().stream()
                    .filter(n -> n.name().equals(r.spec().nodeId()))
                    .forEach(n -> zones.add(n.spec().zone()));
        }
        return zones.contains(node.spec().zone());
    }

    boolean antiAffinityAllows(Node node) {
        return (!holdsReplica(node) || settings().replicaSoftAntiAffinity())
                && (!zoneHoldsReplica(node) || settings().replicaZoneSoftAntiAffinity());
    }

    /** Every disk that passes the node and disk rules, anti-affinity aside. */
    List<Option> optionsIgnoringAntiAffinity() {
        List<Option> options = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            if (!nodePasses(node)) {
                continue;
            }
            for (String disk : node.spec().disks().keySet()) {
                if (diskPasses(node, disk)) {
                    options.add(option(node, disk));
                }
            }
        }
        return options;
    }

    /** Every disk the scheduler may choose. */
    List<Option> options() {
        return optionsIgnoringAntiAffinity().stream()
                .filter(o -> antiAffinityAllows(node(o.node())))
                .toList();
    }

    /** The placement the rules call for: the preferred node when it takes a new copy, else the best tier's most balanced disk. */
    Optional<Option> expected(String preferredNode) {
        List<Option> options = options();
        Optional<Option> local = options.stream()
                .filter(o -> o.node().equals(preferredNode) && o.tier() < 2)
                .min(Option.BALANCED.thenComparing(Option::disk));
        return local.isPresent() ? local : options.stream().min(Option.BEST);
    }

    private Option option(Node node, String disk) {
        int tier = (holdsReplica(node) ? 2 : 0) + (zoneHoldsReplica(node) ? 1 : 0);
        BigInteger after =
                big(scheduled(node.name(), disk) + volume.spec().size()).multiply(big(100));
        BigInteger allowed = capacityTimesPercent(node, disk).divide(big(100)).multiply(big(100));
        // A disk allowed nothing counts as full.
        return allowed.signum() == 0
                ? new Option(node.name(), disk, tier, BigInteger.ONE, BigInteger.ONE)
                : new Option(node.name(), disk, tier, after, allowed);
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }
}
