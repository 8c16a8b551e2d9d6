package dev.corral.engine.nbd;

/**
 * Counts one connection's requests and buffered bytes in flight. Used only on the connection's
 * event loop, so it needs no synchronisation.
 */
final class InFlightLimiter {
    private final int maxRequests;
    private final long maxBytes;
    private int requests;
    private long bytes;

    InFlightLimiter(int maxRequests, long maxBytes) {
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
    }

    /**
     * Admits a request if it fits. A request is always admitted when nothing is in flight, so one
     * maximum-size request can run even with a byte limit below its size.
     */
    boolean tryAcquire(long requestBytes) {
        if (requests > 0 && (requests >= maxRequests || bytes + requestBytes > maxBytes)) {
            return false;
        }
        requests++;
        bytes += requestBytes;
        return true;
    }

    void release(long requestBytes) {
        requests--;
        bytes -= requestBytes;
    }

    boolean saturated() {
        return requests >= maxRequests || bytes >= maxBytes;
    }

    boolean idle() {
        return requests == 0;
    }

    int requests() {
        return requests;
    }
}
