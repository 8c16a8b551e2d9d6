package dev.corral.engine.controller;

import dev.corral.engine.replica.ReplicaInfo;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which replicas a controller serves from when it starts, and which must be rebuilt first
 * (docs/engine.md, "Salvage"). Replicas that were still being rebuilt never serve. With the revision
 * counter, the highest revision wins. Without it (the default), the replicas whose head file changed
 * within 5 s of the newest one are candidates; if they all shut down cleanly with the same chain
 * and the same head size they all serve, otherwise the candidate with the largest head alone does:
 * after an unclean stop, replicas may differ in writes that were in flight, and reads must not
 * alternate between two versions of a block.
 */
final class Salvage {
    static final long HEAD_WINDOW_MILLIS = 5_000;

    private Salvage() {}

    record Candidate(String address, ReplicaInfo info) {}

    /** The replicas that must not serve, by address, with the reason. */
    static Map<String, String> outdated(List<Candidate> reachable) {
        Map<String, String> outdated = new LinkedHashMap<>();
        List<Candidate> complete = reachable.stream()
                .filter(c -> {
                    if (c.info().rebuilding()) {
                        outdated.put(c.address(), "its rebuild had not finished");
                        return false;
                    }
                    return true;
                })
                .toList();
        if (complete.isEmpty()) {
            return outdated;
        }
        long maxRevision =
                complete.stream().mapToLong(c -> c.info().revision()).max().orElse(0);
        if (maxRevision > 0) {
            for (Candidate c : complete) {
                if (c.info().revision() < maxRevision) {
                    outdated.put(
                            c.address(), "revision " + c.info().revision() + " is behind the newest " + maxRevision);
                }
            }
            return outdated;
        }
        if (agree(complete) && complete.getFirst().info().headAllocatedBytes() == 0) {
            // Never written since their last common snapshot, and shut down cleanly: they hold the
            // same data whenever their heads were created (replicas of a new volume are created
            // seconds apart on a busy cluster, which the head-time rule would mistake for staleness).
            return outdated;
        }
        long newest = complete.stream()
                .mapToLong(c -> c.info().headModifiedMillis())
                .max()
                .orElse(0);
        List<Candidate> recent = complete.stream()
                .filter(c -> {
                    if (newest - c.info().headModifiedMillis() > HEAD_WINDOW_MILLIS) {
                        outdated.put(
                                c.address(),
                                "its head was last written "
                                        + (newest - c.info().headModifiedMillis()) / 1000
                                        + " s before the newest replica's");
                        return false;
                    }
                    return true;
                })
                .toList();
        if (agree(recent)) {
            return outdated;
        }
        Candidate winner = recent.stream()
                .max(Comparator.comparingLong(c -> c.info().headAllocatedBytes()))
                .orElseThrow();
        for (Candidate c : recent) {
            if (c != winner) {
                outdated.put(
                        c.address(), "after an unclean stop the volume is served from " + winner.address() + " alone");
            }
        }
        return outdated;
    }

    private static boolean agree(List<Candidate> recent) {
        Candidate first = recent.getFirst();
        return recent.stream()
                .allMatch(c -> !c.info().dirty()
                        && c.info().chain().equals(first.info().chain())
                        && c.info().headAllocatedBytes() == first.info().headAllocatedBytes());
    }
}
