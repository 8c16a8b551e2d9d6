package dev.corral.console.bench;

import atlantafx.base.theme.PrimerLight;
import dev.corral.api.model.Resource;
import dev.corral.api.store.WatchEvent;
import dev.corral.console.Console;
import dev.corral.console.FxThread;
import dev.corral.console.RecordingActions;
import dev.corral.console.RecordingDialogs;
import dev.corral.console.dashboard.DashboardView;
import dev.corral.console.dashboard.DashboardViewModel;
import dev.corral.console.io.IoChartViewModel;
import dev.corral.console.nodes.NodesView;
import dev.corral.console.nodes.NodesViewModel;
import dev.corral.console.placement.PlacementView;
import dev.corral.console.placement.PlacementViewModel;
import dev.corral.console.state.ClusterState;
import dev.corral.console.state.EventBatcher;
import dev.corral.console.ui.Tasks;
import dev.corral.console.volumes.VolumesView;
import dev.corral.console.volumes.VolumesViewModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * Event-to-screen latency and FX-thread load of the console's screens with a simulated cluster
 * (100 nodes, 2,000 volumes, 6,000 replicas, 2,000 engines) and a steady stream of status events.
 * The screens, their ViewModels, ClusterState and EventBatcher are the console's own; only the
 * watch is simulated. An event "arrives" when it is handed to the EventBatcher; it is "shown" at
 * the end of the first pulse (CSS and layout done) after the batch holding it was applied. FX
 * tasks timed: every batch applied (state, ViewModels, views) and every pulse's CSS + layout.
 * Run by bench/console-bench.sh: {@code EventLatencyBench [events/s] [seconds per screen]}.
 */
public final class EventLatencyBench {
    private static final int NODES = 100;
    private static final int VOLUMES = 2000;
    private static final long WARMUP_SECONDS = 10;

    private final long[] arrivals = new long[1 << 22];
    private final ReentrantLock feeding = new ReentrantLock();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> tasks = new ArrayList<>();
    private final List<Long> pulses = new ArrayList<>();
    private volatile boolean measuring;
    private long revision;
    private long appliedUpTo;
    private long shownUpTo;
    private long pulseStart;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        new EventLatencyBench().run(rate, seconds);
        Platform.exit();
        System.exit(0);
    }

    private void run(int rate, int seconds) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        SimulatedCluster cluster = new SimulatedCluster(NODES, VOLUMES);
        ClusterState state = new ClusterState();
        // The batch task, timed: what the console's EventBatcher posts with Platform::runLater.
        Executor timedUi = task -> Platform.runLater(() -> {
            long t = System.nanoTime();
            task.run();
            record(tasks, System.nanoTime() - t);
        });
        EventBatcher batcher = new EventBatcher(state, timedUi);
        TabPane tabs = FxThread.call(() -> screens(state));
        for (Resource resource : cluster.all()) {
            batcher.onEvent(new WatchEvent(WatchEvent.Type.ADDED, resource, 0));
        }
        batcher.onEvent(new WatchEvent(WatchEvent.Type.SYNCED, null, 0));
        batcher.flush();
        FxThread.call(() -> null);

        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        timer.scheduleAtFixedRate(() -> flush(batcher), 100, 100, TimeUnit.MILLISECONDS);
        long periodNanos = 1_000_000_000L / rate;
        Thread generator = Thread.ofPlatform().daemon().start(() -> generate(cluster, batcher, periodNanos));

        System.out.printf(
                Locale.ROOT,
                "%d nodes, %d volumes, %d replicas, %d engines; %d status events/s%n",
                NODES,
                VOLUMES,
                VOLUMES * 3,
                VOLUMES,
                rate);
        System.out.printf(
                Locale.ROOT,
                "%-12s %8s %10s %10s %10s %12s %12s %12s %12s%n",
                "screen",
                "events",
                "p50 ms",
                "p99 ms",
                "max ms",
                "task p99 ms",
                "task max ms",
                "pulse p99",
                "pulse max");
        for (String screen : List.of("placement", "volumes", "dashboard")) {
            FxThread.call(() -> {
                tabs.getSelectionModel()
                        .select(tabs.getTabs().stream()
                                .filter(t -> t.getId().equals("tab-" + screen))
                                .findFirst()
                                .orElseThrow());
                return null;
            });
            Thread.sleep(WARMUP_SECONDS * 1000);
            synchronized (this) {
                latencies.clear();
                tasks.clear();
                pulses.clear();
                measuring = true;
            }
            Thread.sleep(seconds * 1000L);
            synchronized (this) {
                measuring = false;
                System.out.printf(
                        Locale.ROOT,
                        "%-12s %8d %10.1f %10.1f %10.1f %12.1f %12.1f %12.1f %12.1f%n",
                        screen,
                        latencies.size(),
                        ms(latencies, 0.50),
                        ms(latencies, 0.99),
                        ms(latencies, 1.0),
                        ms(tasks, 0.99),
                        ms(tasks, 1.0),
                        ms(pulses, 0.99),
                        ms(pulses, 1.0));
            }
        }
        generator.interrupt();
        timer.shutdownNow();
    }

    private TabPane screens(ClusterState state) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Tasks direct = new Tasks(Runnable::run, Runnable::run);
        RecordingActions actions = new RecordingActions();
        RecordingDialogs dialogs = new RecordingDialogs();
        // Wired as the console wires them: each screen refreshed only while its tab is selected.
        Tab dashboard = tab("dashboard");
        Tab volumes = tab("volumes");
        Tab placement = tab("placement");
        Tab nodes = tab("nodes");
        dashboard.setContent(new DashboardView(
                new DashboardViewModel(state, dashboard.selectedProperty()),
                new IoChartViewModel(direct, now -> null, System::currentTimeMillis),
                state.log().events()));
        volumes.setContent(
                new VolumesView(new VolumesViewModel(state, actions, direct, dialogs, volumes.selectedProperty())));
        placement.setContent(new PlacementView(new PlacementViewModel(state, placement.selectedProperty())));
        nodes.setContent(new NodesView(new NodesViewModel(state, actions, direct, dialogs, nodes.selectedProperty())));
        TabPane tabs = new TabPane(dashboard, volumes, placement, nodes);
        Scene scene = new Scene(tabs, 1400, 850);
        scene.getStylesheets().add(Console.class.getResource("console.css").toExternalForm());
        scene.addPreLayoutPulseListener(() -> pulseStart = System.nanoTime());
        scene.addPostLayoutPulseListener(this::pulseDone);
        Stage stage = new Stage();
        stage.setScene(scene);
        stage.show();
        return tabs;
    }

    private static Tab tab(String id) {
        Tab tab = new Tab(id);
        tab.setId("tab-" + id);
        return tab;
    }

    private void generate(SimulatedCluster cluster, EventBatcher batcher, long periodNanos) {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Resource changed = cluster.next();
            feeding.lock();
            try {
                revision++;
                arrivals[(int) (revision % arrivals.length)] = System.nanoTime();
                batcher.onEvent(new WatchEvent(WatchEvent.Type.MODIFIED, changed, revision));
            } finally {
                feeding.unlock();
            }
        }
    }

    /** Flushes as the console's timer does, then marks what that batch held once it is applied. */
    private void flush(EventBatcher batcher) {
        long upTo;
        feeding.lock();
        try {
            upTo = revision;
            batcher.flush();
        } finally {
            feeding.unlock();
        }
        Platform.runLater(() -> {
            appliedUpTo = upTo;
            Platform.requestNextPulse();
        });
    }

    /** On the FX thread after each pulse's layout: every applied event is now on screen. */
    private void pulseDone() {
        long now = System.nanoTime();
        record(pulses, now - pulseStart);
        for (long r = shownUpTo + 1; r <= appliedUpTo; r++) {
            record(latencies, now - arrivals[(int) (r % arrivals.length)]);
        }
        shownUpTo = Math.max(shownUpTo, appliedUpTo);
    }

    private synchronized void record(List<Long> into, long nanos) {
        if (measuring) {
            into.add(nanos);
        }
    }

    private static double ms(List<Long> values, double quantile) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private EventLatencyBench() {}
}
