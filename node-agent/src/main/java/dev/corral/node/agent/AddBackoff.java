package dev.corral.node.agent;

import dev.corral.api.reconcile.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When a replica may next be added to an engine. Every add starts a rebuild; one that failed, or
 * whose rebuild failed, is tried again after 10 s, doubling up to a minute, so that a replica that
 * keeps failing (a bad disk) does not keep the volume rebuilding. A replica that became RW is
 * forgotten.
 */
final class AddBackoff {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1));

    private record Attempts(int count, Instant notBefore) {}

    private final Map<String, Attempts> byTarget = new HashMap<>(); // guarded by this

    synchronized boolean mayAdd(String volume, String address, Instant now) {
        Attempts attempts = byTarget.get(key(volume, address));
        return attempts == null || !now.isBefore(attempts.notBefore());
    }

    synchronized void added(String volume, String address, Instant now) {
        int count = byTarget.getOrDefault(key(volume, address), new Attempts(0, now))
                        .count()
                + 1;
        byTarget.put(key(volume, address), new Attempts(count, now.plus(BACKOFF.after(count))));
    }

    synchronized void healthy(String volume, String address) {
        byTarget.remove(key(volume, address));
    }

    private static String key(String volume, String address) {
        return volume + " " + address;
    }
}
