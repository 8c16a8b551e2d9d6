package dev.corral.controlplane;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.reconcile.Timer;
import dev.corral.api.reconcile.WorkQueue;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.Store;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.controlplane.scheduler.ReplicaScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's reconcile machinery: one watch feeding the cache, a work queue of volume
 * names, the volume reconciler behind it, the node monitor and the timers. Event-driven: an idle
 * cluster costs one node check a second and a resync of time-sensitive volumes every few seconds.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    private static final Duration CONFLICT_RETRY = Duration.ofMillis(50);

    private final Store store;
    private final ClusterCache cache = new ClusterCache();
    private final Writer writer;
    private final VolumeReconciler volumes;
    private final NodeMonitor nodes;
    private final WorkQueue<String> queue;
    private final ScheduledExecutorService timers;
    private Watch watch;

    public ControlPlane(Store store, ReplicaScheduler scheduler, Clock clock) {
        this.store = store;
        this.writer = new Writer(store, cache);
        this.volumes = new VolumeReconciler(cache, writer, scheduler, clock);
        this.nodes = new NodeMonitor(cache, writer, clock);
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("corral-control-timers").factory());
        // One worker: two volumes reconciled at once would place replicas against the same free space.
        this.queue = WorkQueue.start(WorkQueue.Config.of("corral-reconcile", 1), this::reconcile, Timer.of(timers));
    }

    /** Creates the settings object when missing, starts watching and the timers. */
    public ControlPlane start() {
        try {
            store.create(Settings.initial());
        } catch (AlreadyExistsException exists) {
            // Kept as the operator left them.
        }
        watch = store.watch(Set.copyOf(Kind.all()), this::onEvent);
        timers.scheduleWithFixedDelay(this::checkNodes, 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::resyncTimeSensitive, 3, 3, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::resyncAll, 60, 60, TimeUnit.SECONDS);
        return this;
    }

    private void onEvent(WatchEvent event) {
        Resource before = event.resource() == null
                ? null
                : cache.get(Kind.of(event.resource()), event.resource().name()).orElse(null);
        if (!cache.apply(event)) {
            if (event.type() == WatchEvent.Type.SYNCED) {
                resyncAll();
            }
            return;
        }
        if (!cache.synced()) {
            return; // the SYNCED event queues every volume once
        }
        Resource r = event.resource();
        switch (r) {
            case Volume v -> queue.add(v.name());
            case Replica replica -> queue.add(replica.spec().volumeName());
            case Engine engine -> queue.add(engine.spec().volumeName());
            case Node node -> {
                // Heartbeats rewrite a node every 2 s; its volumes care only when it goes up or
                // down, or its scheduling spec changes.
                if (!(before instanceof Node old)
                        || old.ready() != node.ready()
                        || !old.spec().equals(node.spec())) {
                    volumesOnNode(node.name());
                }
            }
            case Settings settings -> resyncAll();
        }
    }

    private boolean reconcile(String volume) {
        try {
            volumes.reconcile(volume);
        } catch (ConflictException lostRace) {
            // Someone wrote in between: the watch brings the newer object; look again soon, not
            // after a failure's backoff.
            queue.addAfter(volume, CONFLICT_RETRY);
        }
        return true;
    }

    private void checkNodes() {
        try {
            nodes.check().forEach(this::volumesOnNode);
        } catch (RuntimeException e) {
            log.warn("node check failed: {}", e.toString());
        }
    }

    private void volumesOnNode(String node) {
        cache.list(Kind.REPLICA).stream()
                .filter(r -> r.spec().nodeId().equals(node))
                .forEach(r -> queue.add(r.spec().volumeName()));
        cache.list(Kind.ENGINE).stream()
                .filter(e -> e.spec().nodeId().equals(node))
                .forEach(e -> queue.add(e.spec().volumeName()));
        cache.list(Kind.VOLUME).stream()
                .filter(v -> v.spec().nodeId().equals(node)
                        || v.status().conditions().stream()
                                .anyMatch(c -> c.type().equals(Volume.SCHEDULED) && !c.isTrue()))
                .forEach(v -> queue.add(v.name()));
    }

    private void resyncTimeSensitive() {
        cache.list(Kind.VOLUME).stream()
                .filter(v -> VolumeReconciler.timeSensitive(cache, v.name()))
                .forEach(v -> queue.add(v.name()));
    }

    private void resyncAll() {
        cache.list(Kind.VOLUME).forEach(v -> queue.add(v.name()));
    }

    @Override
    public void close() {
        timers.shutdownNow();
        if (watch != null) {
            watch.close();
        }
        queue.close();
    }
}
