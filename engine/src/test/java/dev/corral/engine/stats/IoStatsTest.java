package dev.corral.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IoStatsTest {
    @Test
    void histogramBucketsBoundTheirValues() {
        for (long v : new long[] {0, 1, 15, 16, 17, 100, 1000, 123_456, 9_999_999}) {
            int bucket = LatencyHistogram.bucketOf(v);
            assertThat(LatencyHistogram.upperBound(bucket)).isGreaterThanOrEqualTo(v);
            assertThat(LatencyHistogram.upperBound(bucket)).isLessThanOrEqualTo(Math.max(v, 15) * 9 / 8 + 1);
            if (bucket > 0) {
                assertThat(LatencyHistogram.upperBound(bucket - 1)).isLessThan(v);
            }
        }
    }

    @Test
    void percentilesComeFromTheRecordedLatencies() {
        long[] buckets = new long[LatencyHistogram.BUCKETS];
        buckets[LatencyHistogram.bucketOf(100)] = 99;
        buckets[LatencyHistogram.bucketOf(10_000)] = 1;
        assertThat(LatencyHistogram.percentile(buckets, 0.5)).isBetween(100L, 112L);
        assertThat(LatencyHistogram.percentile(buckets, 0.999)).isBetween(10_000L, 11_250L);
    }

    @Test
    void totalsCountOperationsBytesAndErrors() {
        IoStats stats = new IoStats();
        long start = System.nanoTime();
        stats.record(OpKind.WRITE, 4096, start, false);
        stats.record(OpKind.WRITE, 4096, start, true);
        stats.record(OpKind.READ, 512, start, false);
        IoStats.VolumeStats snapshot = stats.snapshot();
        assertThat(snapshot.ops().get(OpKind.WRITE).totalOps()).isEqualTo(2);
        assertThat(snapshot.ops().get(OpKind.WRITE).totalBytes()).isEqualTo(8192);
        assertThat(snapshot.ops().get(OpKind.WRITE).errors()).isEqualTo(1);
        assertThat(snapshot.ops().get(OpKind.READ).totalBytes()).isEqualTo(512);
    }
}
