package dev.corral.node.instance;

import dev.corral.api.model.ReplicaMode;
import dev.corral.api.node.EngineReplica;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.RebuildView;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.OpStats;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.engine.control.ControlRefusal;
import dev.corral.engine.control.EngineControl;
import dev.corral.engine.controller.RebuildStatus;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.stats.IoStats;
import dev.corral.engine.stats.IoStats.VolumeStats;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's own records as the node API's types: the one place where the node's API meets the
 * engine's internals. Enums travel by name, which the engine and the API keep alike.
 */
final class EngineViews {
    private EngineViews() {}

    static EngineView view(EngineControl engine) {
        return new EngineView(
                engine.name(),
                engine.size(),
                engine.nbdUri(),
                engine.replicas().stream().map(EngineViews::replica).toList(),
                engine.rebuild().map(EngineViews::rebuild).orElse(null));
    }

    static EngineReplica replica(ReplicaStatus status) {
        return new EngineReplica(
                status.address(), ReplicaMode.valueOf(status.mode().name()), status.failureReason());
    }

    static RebuildView rebuild(RebuildStatus status) {
        return new RebuildView(
                status.target(),
                status.source(),
                RebuildView.State.valueOf(status.state().name()),
                status.bytesDone(),
                status.bytesTotal(),
                status.bytesSent(),
                status.bytesPerSecond(),
                status.etaSeconds(),
                status.elapsedSeconds(),
                status.error(),
                status.startedAt());
    }

    static List<SnapshotInfo> snapshots(List<LayerInfo> layers) {
        return layers.stream()
                .map(l -> new SnapshotInfo(
                        l.name(),
                        l.parent(),
                        l.created(),
                        l.userCreated(),
                        l.removed(),
                        l.allocatedBytes(),
                        l.active()))
                .toList();
    }

    static VolumeIo io(String volume, VolumeStats stats) {
        Map<IoOp, OpStats> ops = new EnumMap<>(IoOp.class);
        stats.ops().forEach((kind, op) -> ops.put(IoOp.valueOf(kind.name()), opStats(op)));
        return new VolumeIo(volume, ops);
    }

    private static OpStats opStats(IoStats.OpStats op) {
        return new OpStats(
                op.totalOps(),
                op.totalBytes(),
                op.errors(),
                op.opsPerSec(),
                op.bytesPerSec(),
                op.p50Micros(),
                op.p90Micros(),
                op.p99Micros(),
                op.p999Micros());
    }

    /** How the node's API answers an engine's refusal. */
    static ErrorCode code(ControlRefusal.Reason reason) {
        return switch (reason) {
            case INVALID -> ErrorCode.BadRequest;
            case NOT_FOUND -> ErrorCode.NotFound;
            case CONFLICT -> ErrorCode.Conflict;
            case UNAVAILABLE -> ErrorCode.Unavailable;
        };
    }
}
