package dev.corral.console.dashboard;

import dev.corral.api.model.Node;
import dev.corral.api.model.Volume;
import dev.corral.console.state.ClusterState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;

/** The cluster at a glance: volumes by robustness, nodes by state, storage totals. */
public final class DashboardViewModel {
    /**
     * @param detached detached volumes (their robustness is that of replicas at rest)
     * @param used bytes in use on the nodes' disks
     * @param scheduled bytes of volume size placed on disks
     * @param reserved bytes kept free of replicas by the nodes' disk settings
     * @param schedulable free bytes beyond the reserve: where new replicas can still go
     */
    public record Summary(
            int healthy,
            int degraded,
            int faulted,
            int unknown,
            int detached,
            int nodesReady,
            int nodesDown,
            int nodesUnschedulable,
            long used,
            long scheduled,
            long reserved,
            long schedulable,
            long total) {}

    private final ClusterState state;
    private final ObjectProperty<Summary> summary = new SimpleObjectProperty<>();

    public DashboardViewModel(ClusterState state) {
        this(state, ClusterState.ALWAYS);
    }

    /** @param showing whether the screen is on view: it is refreshed only then */
    public DashboardViewModel(ClusterState state, ObservableBooleanValue showing) {
        this.state = state;
        state.onBatch(showing, this::refresh);
        refresh();
    }

    void refresh() {
        int healthy = 0, degraded = 0, faulted = 0, unknown = 0, detached = 0;
        for (Volume v : state.volumes().values()) {
            if (v.status().state() == Volume.State.DETACHED) {
                detached++;
            }
            switch (v.status().robustness()) {
                case HEALTHY -> healthy++;
                case DEGRADED -> degraded++;
                case FAULTED -> faulted++;
                case UNKNOWN -> unknown++;
            }
        }
        int ready = 0, down = 0, unschedulable = 0;
        long used = 0, scheduled = 0, reserved = 0, schedulable = 0, total = 0;
        for (Node n : state.nodes().values()) {
            if (n.ready()) {
                ready++;
            } else {
                down++;
            }
            if (!n.spec().allowScheduling()) {
                unschedulable++;
            }
            for (var disk : n.status().disks().entrySet()) {
                used += disk.getValue().storageMaximum() - disk.getValue().storageAvailable();
                scheduled += disk.getValue().storageScheduled();
                total += disk.getValue().storageMaximum();
                Node.DiskSpec spec = n.spec().disks().get(disk.getKey());
                long diskReserved = spec == null ? 0 : spec.storageReserved();
                reserved += diskReserved;
                // A down node's or a disabled disk's free space takes no replica.
                if (n.ready() && n.spec().allowScheduling() && (spec == null || spec.allowScheduling())) {
                    schedulable += Math.max(0, disk.getValue().storageAvailable() - diskReserved);
                }
            }
        }
        summary.set(new Summary(
                healthy,
                degraded,
                faulted,
                unknown,
                detached,
                ready,
                down,
                unschedulable,
                used,
                scheduled,
                reserved,
                schedulable,
                total));
    }

    public ReadOnlyObjectProperty<Summary> summary() {
        return summary;
    }
}
