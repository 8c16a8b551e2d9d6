package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Longhorn's replica scheduling rules, with a reason per node when nothing fits (Longhorn's users
 * most often cannot tell why a volume with free space around will not schedule).
 *
 * <p>Every node is judged in name order. A node is eligible when it is Ready, allows scheduling,
 * has no eviction requested, carries all of the volume's node tags, and anti-affinity lets it
 * ({@link NodeRules}). Its disks are eligible when they allow scheduling, carry all of the volume's
 * disk tags, have a reported status and pass both space rules ({@link DiskRules}). The space rules,
 * with {@code reserved} = DiskSpec.storageReserved, {@code maximum} and {@code available} from
 * DiskStatus, {@code scheduled} = the sum of spec.size of the replicas on that node and disk, and
 * integer division rounding down ({@link DiskSpace}):
 *
 * <pre>
 *   scheduled + volume.spec.size &lt;= max(0, maximum - reserved) * overProvisioningPercentage / 100
 *   available - reserved - volume.status.actualSize &gt; maximum * minimalAvailablePercentage / 100
 * </pre>
 *
 * <p>Anti-affinity sorts eligible disks into {@link AffinityTier tiers}: new node in a new zone,
 * new node in a zone that holds a replica (only with zone soft anti-affinity), then a node that
 * holds one (only with node soft anti-affinity). The best non-empty tier is used; in it, the disk
 * with the lowest share of its allowed size scheduled after the placement wins, ties by node name
 * then disk name.
 *
 * <p>A preferred node (data locality) wins over zone spreading, since the volume asked to keep a
 * copy where it runs, but not over node anti-affinity: a second copy on a node that holds one adds
 * no locality. When it has no eligible disk the normal choice applies.
 */
public final class DefaultReplicaScheduler implements ReplicaScheduler {

    @Override
    public Placement place(Volume volume, List<Replica> volumeReplicas, ClusterSnapshot cluster, String preferredNode) {
        AntiAffinity antiAffinity = AntiAffinity.of(volumeReplicas, cluster.nodes());
        NodeRules nodeRules = new NodeRules(volume, cluster.settings(), antiAffinity);
        DiskRules diskRules =
                new DiskRules(volume, cluster.settings(), ScheduledSpace.of(cluster.replicas(), volumeReplicas));

        List<Candidate> candidates = new ArrayList<>();
        Map<String, String> reasons = new TreeMap<>();
        List<Node> nodes = cluster.nodes().stream()
                .sorted(Comparator.comparing(Node::name))
                .toList();
        for (Node node : nodes) {
            Optional<String> refusal = nodeRules.refusal(node);
            if (refusal.isPresent()) {
                reasons.put(node.name(), refusal.get());
                continue;
            }
            List<Candidate> onNode = new ArrayList<>();
            List<String> diskReasons = new ArrayList<>();
            judgeDisks(node, antiAffinity.tier(node), diskRules, onNode, diskReasons);
            if (onNode.isEmpty()) {
                reasons.put(node.name(), diskReasons.isEmpty() ? "no disks" : String.join(", ", diskReasons));
            }
            candidates.addAll(onNode);
        }
        return choose(candidates, preferredNode)
                .<Placement>map(Candidate::placement)
                .orElseGet(() -> new Placement.Unschedulable(reasons));
    }

    private static void judgeDisks(
            Node node, AffinityTier tier, DiskRules rules, List<Candidate> fits, List<String> reasons) {
        for (var disk : new TreeMap<>(node.spec().disks()).entrySet()) {
            switch (rules.check(node, tier, disk.getKey(), disk.getValue())) {
                case DiskRules.Verdict.Fits f -> fits.add(f.candidate());
                case DiskRules.Verdict.Refused r -> reasons.add(r.reason());
            }
        }
    }

    /** Candidates are all in tiers the settings allow (NodeRules refused the others). */
    private static Optional<Candidate> choose(List<Candidate> candidates, String preferredNode) {
        Optional<Candidate> local = candidates.stream()
                .filter(c -> c.nodeId().equals(preferredNode) && !c.tier().sameNode())
                .min(Candidate.MOST_BALANCED);
        if (local.isPresent()) {
            return local;
        }
        return candidates.stream().min(Comparator.comparing(Candidate::tier).thenComparing(Candidate.MOST_BALANCED));
    }
}
