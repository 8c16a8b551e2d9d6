package dev.corral.api.v1;

import java.util.Map;

/**
 * A volume's live I/O as its engine measures it, {@code GET /v1/volumes/{name}/stats}: per
 * operation, the rates over the last second, latency percentiles over the last ten seconds, and
 * totals since the engine started.
 */
public record VolumeIo(String volume, Map<IoOp, OpStats> ops) {
    public VolumeIo {
        ops = Map.copyOf(ops);
    }

    /** The statistics of one operation kind; zeros when the engine reported none. */
    public OpStats op(IoOp kind) {
        return ops.getOrDefault(kind, OpStats.NONE);
    }
}
