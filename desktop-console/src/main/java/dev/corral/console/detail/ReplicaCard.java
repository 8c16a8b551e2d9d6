package dev.corral.console.detail;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Replica;
import dev.corral.api.units.ByteSize;
import java.util.Locale;
import java.util.Optional;

/**
 * A replica as its card shows it.
 *
 * @param mode RW, WO or ERR while the volume is attached; the replica's own state otherwise
 * @param rebuild the running (or last) rebuild into this replica, if the engine reports one
 */
public record ReplicaCard(String name, String node, String disk, String mode, Optional<Rebuild> rebuild) {
    /**
     * @param fraction 0..1 of the bytes to rebuild
     * @param running false once the rebuild completed or failed
     */
    public record Rebuild(double fraction, boolean running, String text) {}

    /**
     * @param nodeReady false when the replica's node is down: its last reported state is stale
     *     (a dead node's agent cannot say its replica stopped), so the card says what is known
     */
    static ReplicaCard of(Replica replica, Engine engine, boolean nodeReady) {
        String mode;
        if (replica.status().mode() != null) {
            mode = replica.status().mode().name();
        } else if (!nodeReady) {
            mode = "node down";
        } else if (replica.spec().failedAt() != null) {
            mode = "failed";
        } else {
            mode = replica.status().currentState().name().toLowerCase(Locale.ROOT);
        }
        Engine.RebuildProgress progress =
                engine == null ? null : engine.status().rebuilds().get(replica.name());
        return new ReplicaCard(
                replica.name(),
                replica.spec().nodeId(),
                replica.spec().diskName(),
                mode,
                Optional.ofNullable(progress).map(ReplicaCard::rebuild));
    }

    static Rebuild rebuild(Engine.RebuildProgress p) {
        double fraction = p.bytesTotal() > 0 ? Math.min(1.0, (double) p.bytesDone() / p.bytesTotal()) : 0;
        boolean running = "RUNNING".equals(p.state()) || "VERIFYING".equals(p.state());
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%.0f%%", fraction * 100));
        if (running) {
            text.append(" at ")
                    .append(ByteSize.format((long) p.bytesPerSecond()))
                    .append("/s");
            if (p.etaSeconds() != null) {
                text.append(", ").append(eta(p.etaSeconds())).append(" left");
            }
        } else {
            text.append(' ').append(p.state().toLowerCase(Locale.ROOT));
        }
        text.append(" from ").append(p.source());
        if (p.error() != null && !p.error().isBlank()) {
            text.append(": ").append(p.error());
        }
        return new Rebuild(fraction, running, text.toString());
    }

    static String eta(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
