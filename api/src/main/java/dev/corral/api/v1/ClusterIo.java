package dev.corral.api.v1;

import java.util.List;

/**
 * The cluster's I/O now, {@code GET /v1/stats}: the sum of every running engine's rates over its
 * last second.
 *
 * @param engines how many running engines were asked
 * @param unreachable volumes whose engine did not answer (their I/O is missing from the sums)
 */
public record ClusterIo(int engines, List<String> unreachable, Rates read, Rates write) {
    public record Rates(double opsPerSec, double bytesPerSec) {
        public static final Rates ZERO = new Rates(0, 0);

        public Rates plus(double ops, double bytes) {
            return new Rates(opsPerSec + ops, bytesPerSec + bytes);
        }
    }

    public ClusterIo {
        unreachable = List.copyOf(unreachable);
    }
}
