package dev.corral.engine.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram in microseconds with log-linear buckets: exact below 16 us, then
 * eight buckets per power of two (at most 12.5 % error), so recording is a few instructions and a
 * single atomic add on the I/O path.
 */
final class LatencyHistogram {
    private static final int LINEAR = 16;
    private static final int SUB_BUCKETS = 8;
    static final int BUCKETS = LINEAR + (64 - 4) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long micros) {
        counts.incrementAndGet(bucketOf(Math.max(0, micros)));
    }

    long[] copy() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    static int bucketOf(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros); // >= 4
        int sub = (int) (micros >>> (exponent - 3)) & (SUB_BUCKETS - 1);
        return LINEAR + (exponent - 4) * SUB_BUCKETS + sub;
    }

    /** The largest value that falls into {@code bucket}: percentiles are reported conservatively. */
    static long upperBound(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exponent = (bucket - LINEAR) / SUB_BUCKETS + 4;
        int sub = (bucket - LINEAR) % SUB_BUCKETS;
        long base = 1L << exponent;
        long width = 1L << (exponent - 3);
        return base + (sub + 1) * width - 1;
    }

    /** The value below which {@code fraction} of the counts in {@code buckets} lie; 0 if empty. */
    static long percentile(long[] buckets, double fraction) {
        long total = 0;
        for (long count : buckets) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(buckets.length - 1);
    }
}
