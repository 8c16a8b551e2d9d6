package dev.corral.api.nbd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A time limit on one blocking exchange over a channel: a blocked channel read has no timeout of
 * its own (a Unix socket's stream has none at all), so the channel is closed when the limit
 * passes, which ends the exchange with an exception naming the limit.
 */
final class Deadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "corral-nbd-client-deadline");
        thread.setDaemon(true);
        return thread;
    });

    interface Exchange<T> {
        T run() throws IOException;
    }

    private final Duration limit;

    Deadline(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive: " + limit);
        }
        this.limit = limit;
    }

    <T> T within(Channel channel, String what, Exchange<T> exchange) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = TIMER.schedule(
                () -> {
                    expired.set(true);
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // closing is the whole point; a failure to close leaves nothing to do
                    }
                },
                limit.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            return exchange.run();
        } catch (ClosedChannelException | InterruptedIOException e) {
            if (expired.get()) {
                throw new IOException(what + " took longer than " + limit + "; the connection was closed", e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }
}
