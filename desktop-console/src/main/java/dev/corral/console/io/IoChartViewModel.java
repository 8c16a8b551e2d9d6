package dev.corral.console.io;

import dev.corral.api.units.ByteSize;
import dev.corral.console.ui.Tasks;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A live I/O chart's data: the last {@link #CAPACITY} readings of one source (the cluster, or one
 * volume), taken by {@link #poll()} once a second while the chart is on screen. Nothing is polled
 * for a screen nobody looks at: the engines answer from memory, but a console left open all day
 * should cost the cluster nothing when minimised.
 */
public final class IoChartViewModel {
    /** Two minutes at one reading a second. */
    public static final int CAPACITY = 120;

    /** Where readings come from: null when there is nothing to read now (volume not attached). */
    public interface Source {
        Callable<IoSample> reading(LongSupplier clock);

        /** Why there is no reading now (for example "the volume is not attached"). */
        default String idleReason() {
            return "";
        }
    }

    private final Tasks tasks;
    private final Source source;
    private final LongSupplier clock;
    private final ObservableList<IoSample> samples = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper now = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private boolean inFlight;
    private long generation;

    public IoChartViewModel(Tasks tasks, Source source, LongSupplier clock) {
        this.tasks = tasks;
        this.source = source;
        this.clock = clock;
    }

    /** Takes one reading, off the UI thread; called on the UI thread by the console's timer. */
    public void poll() {
        if (!active.get() || inFlight) {
            return;
        }
        Callable<IoSample> reading = source.reading(clock);
        if (reading == null) {
            message.set(source.idleReason());
            now.set("");
            return;
        }
        inFlight = true;
        long asked = generation;
        tasks.run(
                reading,
                sample -> {
                    inFlight = false;
                    if (asked == generation) {
                        add(sample);
                    }
                },
                failure -> {
                    inFlight = false;
                    if (asked == generation) {
                        message.set("No I/O figures: " + Tasks.reason(failure));
                    }
                });
    }

    /** Forgets the readings: the source changed (another volume selected, a new connection). */
    public void reset() {
        generation++;
        samples.clear();
        now.set("");
        message.set("");
    }

    private void add(IoSample sample) {
        message.set("");
        if (samples.size() >= CAPACITY) {
            samples.remove(0, samples.size() - CAPACITY + 1);
        }
        samples.add(sample);
        now.set(describe(sample));
    }

    static String describe(IoSample s) {
        return String.format(
                Locale.ROOT,
                "read %,.0f IOPS %s/s   write %,.0f IOPS %s/s",
                s.readOps(),
                ByteSize.format((long) s.readBytes()),
                s.writeOps(),
                ByteSize.format((long) s.writeBytes()));
    }

    public ObservableList<IoSample> samples() {
        return samples;
    }

    /** The latest reading in words. */
    public ReadOnlyStringProperty now() {
        return now.getReadOnlyProperty();
    }

    /** Why the chart is not moving, when it is not. */
    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    /** True while the chart is on screen. */
    public BooleanProperty active() {
        return active;
    }
}
