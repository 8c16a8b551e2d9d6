package dev.corral.agent.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corral.agent.model.ResourceJson;
import dev.corral.engine.stats.IoStats;
import dev.corral.engine.stats.OpKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A volume's live I/O as its engine measures it: per operation, the rates over the last second,
 * latency percentiles over the last ten seconds, and totals since the engine started.
 */
public record VolumeIo(String volume, Map<OpKind, IoStats.OpStats> ops) {
    private static final ObjectReader STATS = ResourceJson.mapper()
            .readerFor(IoStats.VolumeStats.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public VolumeIo {
        ops = Map.copyOf(ops);
    }

    /** From the engine's {@code GET /v1/stats} answer. */
    static VolumeIo of(String volume, JsonNode engineStats) {
        try {
            IoStats.VolumeStats stats = STATS.readValue(engineStats);
            return new VolumeIo(volume, stats.ops() == null ? Map.of() : stats.ops());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statistics of one operation kind; zeros when the engine reported none. */
    public IoStats.OpStats op(OpKind kind) {
        IoStats.OpStats stats = ops.get(kind);
        return stats != null ? stats : new IoStats.OpStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
