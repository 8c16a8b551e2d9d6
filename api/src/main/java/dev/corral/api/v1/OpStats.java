package dev.corral.api.v1;

/** Statistics of one operation kind of a volume. Rates over the last second, latencies in microseconds. */
public record OpStats(
        long totalOps,
        long totalBytes,
        long errors,
        double opsPerSec,
        double bytesPerSec,
        long p50Micros,
        long p90Micros,
        long p99Micros,
        long p999Micros) {
    public static final OpStats NONE = new OpStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
