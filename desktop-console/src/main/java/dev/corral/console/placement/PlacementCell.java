package dev.corral.console.placement;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Replica;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One replica in the placement map: its state and, while it is being rebuilt, how far.
 *
 * @param rebuildPercent set while the replica is WO and its engine reports a rebuild into it
 */
public record PlacementCell(String replica, State state, OptionalDouble rebuildPercent) {
    /** RW, WO and ERR are the engine's view (attached volume); the others the replica's own. */
    public enum State {
        RW,
        WO,
        ERR,
        /** Served, the volume detached: ready to be used. */
        UP,
        /** Failed and not yet rebuilt, or its node is gone. */
        FAILED,
        STOPPED
    }

    static PlacementCell of(Replica replica, Engine engine) {
        State state;
        if (replica.status().mode() != null) {
            state = switch (replica.status().mode()) {
                case RW -> State.RW;
                case WO -> State.WO;
                case ERR -> State.ERR;
            };
        } else if (replica.spec().failedAt() != null) {
            state = State.FAILED;
        } else if (replica.status().currentState() == InstanceState.RUNNING) {
            state = State.UP;
        } else if (replica.status().currentState() == InstanceState.ERROR) {
            state = State.FAILED;
        } else {
            state = State.STOPPED;
        }
        OptionalDouble percent = OptionalDouble.empty();
        if (state == State.WO && engine != null) {
            Engine.RebuildProgress rebuild = engine.status().rebuilds().get(replica.name());
            if (rebuild != null && rebuild.bytesTotal() > 0) {
                percent = OptionalDouble.of(100.0 * rebuild.bytesDone() / rebuild.bytesTotal());
            }
        }
        return new PlacementCell(replica.name(), state, percent);
    }

    public String label() {
        return switch (state) {
            case WO ->
                rebuildPercent.isPresent()
                        ? String.format(Locale.ROOT, "WO %.0f%%", rebuildPercent.getAsDouble())
                        : "WO";
            default -> state.name();
        };
    }

    public String styleClass() {
        return "cell-" + state.name().toLowerCase(Locale.ROOT);
    }
}
