package dev.corral.console.events;

import dev.corral.api.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The recent events the console has seen, newest first, at most {@link #CAPACITY}. They are
 * derived from the watch as it is applied, so they cover the time since the console connected.
 */
public final class EventLog {
    public static final int CAPACITY = 500;

    private final ObservableList<ClusterEvent> events = FXCollections.observableArrayList();
    private final Supplier<Instant> clock;

    public EventLog(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** Records what the change of one resource means; called on the UI thread. */
    public void observe(Resource before, Resource after) {
        List<ClusterEvent> derived = EventDeriver.changes(before, after, clock.get());
        if (derived.isEmpty()) {
            return;
        }
        events.addAll(0, derived.reversed());
        if (events.size() > CAPACITY) {
            events.remove(CAPACITY, events.size());
        }
    }

    public void clear() {
        events.clear();
    }

    /** Newest first. */
    public ObservableList<ClusterEvent> events() {
        return events;
    }
}
