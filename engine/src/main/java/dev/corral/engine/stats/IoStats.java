package dev.corral.engine.stats;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live I/O statistics of one volume. The I/O path only adds to counters; {@link #tick()}, called
 * once a second by the owner, keeps a short history so that rates cover the last second and
 * latency percentiles the last ten seconds.
 */
public final class IoStats {
    private static final long RATE_WINDOW_NANOS = 1_000_000_000L;
    private static final int HISTORY = 11;

    private final Map<OpKind, Counters> counters = new EnumMap<>(OpKind.class);
    private final Deque<Sample> history = new ArrayDeque<>();

    public IoStats() {
        for (OpKind op : OpKind.values()) {
            counters.put(op, new Counters());
        }
    }

    private static final class Counters {
        final LongAdder ops = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LatencyHistogram latency = new LatencyHistogram();
    }

    private record Cumulative(long ops, long bytes, long errors, long[] latency) {}

    private record Sample(long nanoTime, Map<OpKind, Cumulative> values) {}

    /** Records one finished operation. */
    public void record(OpKind op, long bytes, long startNanos, boolean failed) {
        Counters c = counters.get(op);
        c.ops.increment();
        c.bytes.add(bytes);
        if (failed) {
            c.errors.increment();
        }
        c.latency.record((System.nanoTime() - startNanos) / 1000);
    }

    /** Takes a sample for the rate and percentile windows; call about once a second. */
    public synchronized void tick() {
        history.addLast(new Sample(System.nanoTime(), cumulative()));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** Rates over the last second or so, percentiles over the last ten seconds, totals since start. */
    public synchronized VolumeStats snapshot() {
        long now = System.nanoTime();
        Map<OpKind, Cumulative> current = cumulative();
        Sample rateBase = null;
        for (Sample s : history) {
            if (now - s.nanoTime() >= RATE_WINDOW_NANOS) {
                rateBase = s; // newest sample at least one window old
            }
        }
        Sample latencyBase = history.peekFirst();
        Map<OpKind, OpStats> ops = new EnumMap<>(OpKind.class);
        for (OpKind op : OpKind.values()) {
            Cumulative cur = current.get(op);
            double opsPerSec = 0;
            double bytesPerSec = 0;
            if (rateBase != null) {
                Cumulative base = rateBase.values().get(op);
                double seconds = (now - rateBase.nanoTime()) / 1e9;
                opsPerSec = (cur.ops() - base.ops()) / seconds;
                bytesPerSec = (cur.bytes() - base.bytes()) / seconds;
            }
            long[] window = latencyBase == null
                    ? cur.latency()
                    : minus(cur.latency(), latencyBase.values().get(op).latency());
            ops.put(
                    op,
                    new OpStats(
                            cur.ops(),
                            cur.bytes(),
                            cur.errors(),
                            opsPerSec,
                            bytesPerSec,
                            LatencyHistogram.percentile(window, 0.50),
                            LatencyHistogram.percentile(window, 0.90),
                            LatencyHistogram.percentile(window, 0.99),
                            LatencyHistogram.percentile(window, 0.999)));
        }
        return new VolumeStats(ops);
    }

    private Map<OpKind, Cumulative> cumulative() {
        Map<OpKind, Cumulative> values = new EnumMap<>(OpKind.class);
        counters.forEach((op, c) ->
                values.put(op, new Cumulative(c.ops.sum(), c.bytes.sum(), c.errors.sum(), c.latency.copy())));
        return values;
    }

    private static long[] minus(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** Statistics of one operation kind. Latencies in microseconds. */
    public record OpStats(
            long totalOps,
            long totalBytes,
            long errors,
            double opsPerSec,
            double bytesPerSec,
            long p50Micros,
            long p90Micros,
            long p99Micros,
            long p999Micros) {}

    /** Statistics of every operation kind of a volume. */
    public record VolumeStats(Map<OpKind, OpStats> ops) {}
}
