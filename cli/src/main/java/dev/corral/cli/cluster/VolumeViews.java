package dev.corral.cli.cluster;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import java.util.List;
import java.util.Locale;

/** How volumes are shown in tables: the cells that take more than reading one field. */
final class VolumeViews {
    private VolumeViews() {}

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status' state; a volume marked for deletion shows as deleting before the control plane says so. */
    static String state(Volume volume) {
        return volume.metadata().deleting() ? "deleting" : lower(volume.status().state());
    }

    /**
     * Replicas of the volume that run and have not failed: the agent reports them running, and the
     * control plane has not marked them failed (a dead node's agent cannot say its replicas stopped).
     */
    static long running(Volume volume, List<Replica> replicas) {
        return of(volume, replicas).stream()
                .filter(r -> r.status().currentState() == InstanceState.RUNNING
                        && r.spec().failedAt() == null)
                .count();
    }

    static List<Replica> of(Volume volume, List<Replica> replicas) {
        return replicas.stream()
                .filter(r -> r.spec().volumeName().equals(volume.name()))
                .toList();
    }

    /** The node it is attached on; while attaching, the node asked for. */
    static String node(Volume volume) {
        String current = volume.status().currentNodeId();
        return current.isEmpty() ? volume.spec().nodeId() : current;
    }

    /** A replica's rebuild as its engine reports it: "running 42%", "done", "failed: reason"; null: none. */
    static String rebuild(Engine.RebuildProgress progress) {
        if (progress == null) {
            return "";
        }
        String state = progress.state() == null ? "" : progress.state().toLowerCase(Locale.ROOT);
        if (progress.error() != null && !progress.error().isEmpty()) {
            return state + ": " + progress.error();
        }
        if (progress.bytesTotal() > 0 && progress.bytesDone() < progress.bytesTotal()) {
            return state + " " + (100 * progress.bytesDone() / progress.bytesTotal()) + "%";
        }
        return state;
    }

    static String condition(Condition c) {
        String detail = c.reason().isEmpty() ? "" : " " + c.reason();
        return c.type() + "=" + c.status() + detail + (c.message().isEmpty() ? "" : ": " + c.message());
    }
}
