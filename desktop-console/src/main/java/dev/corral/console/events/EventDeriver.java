package dev.corral.console.events;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.console.events.ClusterEvent.Severity;
import dev.corral.console.ui.Robustness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a resource's change (its version before and after one watch event) into the events an
 * operator cares about: readiness, robustness, attachment, replica failures and rebuilds,
 * scheduling failures. A replayed ADDED that changes nothing yields nothing, so a reconnection
 * does not repeat history.
 */
final class EventDeriver {
    private EventDeriver() {}

    /** @param before null when the resource is new; {@code after} null when it was deleted */
    static List<ClusterEvent> changes(Resource before, Resource after, Instant now) {
        List<ClusterEvent> out = new ArrayList<>();
        Resource any = after != null ? after : before;
        switch (any) {
            case Node n -> node((Node) before, (Node) after, now, out);
            case Volume v -> volume((Volume) before, (Volume) after, now, out);
            case Replica r -> replica((Replica) before, (Replica) after, now, out);
            case Engine e -> {
                // Its rebuilds show through the replicas' modes (WO, then RW).
            }
            case Settings s -> {
                // Not an event operators follow here.
            }
        }
        return out;
    }

    private static void node(Node before, Node after, Instant now, List<ClusterEvent> out) {
        if (after == null) {
            out.add(new ClusterEvent(
                    now, Severity.WARNING, "Node/" + before.name(), "", before.name() + " was removed"));
            return;
        }
        String object = "Node/" + after.name();
        if (before == null) {
            out.add(new ClusterEvent(now, Severity.INFO, object, "", after.name() + " joined the cluster"));
            return;
        }
        if (before.ready() != after.ready()) {
            if (after.ready()) {
                out.add(new ClusterEvent(now, Severity.INFO, object, "", after.name() + " is ready"));
            } else {
                Condition ready = Condition.find(after.status().conditions(), Node.READY);
                String why = ready == null || ready.message().isEmpty() ? "" : ": " + ready.message();
                out.add(new ClusterEvent(now, Severity.WARNING, object, "", after.name() + " is down" + why));
            }
        }
        if (before.spec().allowScheduling() != after.spec().allowScheduling()) {
            out.add(new ClusterEvent(
                    now,
                    Severity.INFO,
                    object,
                    "",
                    "scheduling on " + after.name() + (after.spec().allowScheduling() ? " enabled" : " disabled")));
        }
    }

    private static void volume(Volume before, Volume after, Instant now, List<ClusterEvent> out) {
        if (after == null) {
            out.add(new ClusterEvent(
                    now, Severity.INFO, "Volume/" + before.name(), before.name(), before.name() + " deleted"));
            return;
        }
        String name = after.name();
        String object = "Volume/" + name;
        if (before == null) {
            out.add(new ClusterEvent(now, Severity.INFO, object, name, name + " created"));
            return;
        }
        Volume.Robustness was = before.status().robustness();
        Volume.Robustness is = after.status().robustness();
        if (was != is) {
            Severity severity = is == Volume.Robustness.DEGRADED || is == Volume.Robustness.FAULTED
                    ? Severity.WARNING
                    : Severity.INFO;
            out.add(new ClusterEvent(
                    now,
                    severity,
                    object,
                    name,
                    name + " is " + Robustness.text(is) + " (was " + Robustness.text(was) + ")"));
        }
        if (before.status().state() != after.status().state()) {
            String where = after.status().currentNodeId().isEmpty()
                    ? ""
                    : " on " + after.status().currentNodeId();
            out.add(new ClusterEvent(
                    now,
                    Severity.INFO,
                    object,
                    name,
                    name + " " + after.status().state().name().toLowerCase(Locale.ROOT) + where));
        }
        Condition scheduledBefore = Condition.find(before.status().conditions(), Volume.SCHEDULED);
        Condition scheduled = Condition.find(after.status().conditions(), Volume.SCHEDULED);
        if (scheduled != null
                && !scheduled.isTrue()
                && (scheduledBefore == null
                        || scheduledBefore.isTrue()
                        || !Objects.equals(scheduledBefore.message(), scheduled.message()))) {
            out.add(new ClusterEvent(
                    now, Severity.WARNING, object, name, name + " cannot be scheduled: " + scheduled.message()));
        }
    }

    private static void replica(Replica before, Replica after, Instant now, List<ClusterEvent> out) {
        if (before == null || after == null) {
            return; // placement and removal show as the volume's replica count and robustness
        }
        String volume = after.spec().volumeName();
        String object = "Replica/" + after.name();
        String which = "replica " + after.name() + " of " + volume + " on "
                + after.spec().nodeId();
        ReplicaMode was = before.status().mode();
        ReplicaMode is = after.status().mode();
        if (was == is) {
            return;
        }
        if (is == ReplicaMode.ERR) {
            out.add(new ClusterEvent(now, Severity.WARNING, object, volume, which + " failed"));
        } else if (is == ReplicaMode.WO) {
            out.add(new ClusterEvent(now, Severity.INFO, object, volume, "rebuilding " + which));
        } else if (is == ReplicaMode.RW && was == ReplicaMode.WO) {
            out.add(new ClusterEvent(now, Severity.INFO, object, volume, which + " rebuilt"));
        }
    }
}
