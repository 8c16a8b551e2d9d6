package dev.corral.console.state;

import dev.corral.api.store.WatchEvent;
import dev.corral.api.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes the watch's events on its thread and hands them to the UI thread in batches: at most one
 * UI task per interval however many events arrive, so that a storm of status updates cannot flood
 * the FX thread's queue (one {@code Platform.runLater} per event would).
 */
public final class EventBatcher implements WatchListener, AutoCloseable {
    private final ConcurrentLinkedQueue<WatchEvent> pending = new ConcurrentLinkedQueue<>();
    private final ClusterState state;
    private final Executor ui;
    private ScheduledFuture<?> ticks;

    public EventBatcher(ClusterState state, Executor ui) {
        this.state = state;
        this.ui = ui;
    }

    /** Flushes every {@code interval} on {@code timer}. */
    public void start(ScheduledExecutorService timer, Duration interval) {
        long millis = interval.toMillis();
        ticks = timer.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onEvent(WatchEvent event) {
        pending.add(event);
    }

    /** Posts what has arrived since the last flush as one UI task; nothing when nothing arrived. */
    public void flush() {
        List<WatchEvent> batch = new ArrayList<>();
        for (WatchEvent event; (event = pending.poll()) != null; ) {
            batch.add(event);
        }
        if (!batch.isEmpty()) {
            ui.execute(() -> state.apply(batch));
        }
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
