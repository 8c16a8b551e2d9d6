package dev.corral.api.reconcile;

/**
 * How often a queue retries failed keys in all: {@code perSecond} on average, with bursts of up to
 * {@code burst}. Each key's own backoff spreads one key's retries; this bounds them all together,
 * so that a cluster-wide failure (the store unreachable) does not turn into a storm of retries.
 */
public record RetryLimit(double perSecond, int burst) {
    public RetryLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("retry limit needs perSecond > 0 and burst >= 1");
        }
    }
}
