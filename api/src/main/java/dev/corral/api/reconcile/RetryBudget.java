package dev.corral.api.reconcile;

/**
 * A token bucket for a {@link RetryLimit}: each retry takes a token, and one that finds the bucket
 * empty is told how long to wait until its token will have been refilled (it is reserved now, so
 * later retries queue up behind it). Guarded by its queue.
 */
final class RetryBudget {
    private static final double NANOS_PER_SECOND = 1e9;

    private final RetryLimit limit;
    private double tokens;
    private long refilledAt;

    RetryBudget(RetryLimit limit, long now) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.refilledAt = now;
    }

    /** Takes a token; answers how many nanoseconds from {@code now} it is due. */
    long reserve(long now) {
        tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / NANOS_PER_SECOND * limit.perSecond());
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / limit.perSecond() * NANOS_PER_SECOND);
    }
}
