package dev.corral.node.agent;

import dev.corral.api.model.Kind;
import dev.corral.api.reconcile.Timer;
import dev.corral.api.reconcile.WorkQueue;
import dev.corral.api.store.Store;
import dev.corral.api.store.Watch;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's agent: registers the Node, keeps the node's instance process running (adopting the one
 * a previous agent left), heartbeats, and reconciles the node's replicas and engines from the
 * store's watch (README, "Agent reconcile"). It works with any {@link Store}: the control plane's
 * over HTTP in production, an embedded one in tests. Closing the agent leaves the instance process
 * and so the volumes running, as an agent restart must.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
    private static final int WORKERS = 4;

    private final AgentConfig config;
    private final Store store;
    private final NodeCache cache;
    private final InstanceSupervisor supervisor;
    private final InstanceMirror mirror = new InstanceMirror();
    private final Heartbeat heartbeat;
    private final EnginePoller poller;
    private final WorkQueue<Work> queue;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private Watch watch;
    private volatile Instant lastContact;

    private NodeAgent(AgentConfig config, Store store, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.lastContact = clock.instant(); // the node was just registered
        this.store = store;
        this.cache = new NodeCache(config.nodeName());
        NodeDisks disks = new NodeDisks(config.dataDisk());
        StatusWriter writer = new StatusWriter(store);
        this.supervisor = new InstanceSupervisor(
                config.instanceDir(),
                config.address(),
                config.identity(),
                new InstanceLauncher(
                        config.instanceJvmOptions(), config.timings().instanceReady()),
                config.timings().heartbeat(),
                config.timings().instanceRestartBackoff());
        this.heartbeat = new Heartbeat(config, writer, cache, disks, this::instanceUrl, clock);
        // Two threads: a slow instance start (seconds) must not hold up the heartbeat.
        this.scheduler = Executors.newScheduledThreadPool(
                2,
                Thread.ofPlatform().name("corral-agent-timer-", 0).daemon(true).factory());
        ReplicaReconciler replicas = new ReplicaReconciler(cache, mirror, writer, disks, clock);
        EngineReconciler engines = new EngineReconciler(cache, mirror, writer, clock);
        OrphanSweep sweep = new OrphanSweep(cache, mirror, disks);
        this.queue = WorkQueue.start(
                WorkQueue.Config.of("corral-agent-work", WORKERS),
                work -> switch (work) {
                    case Work.OfReplica r -> replicas.reconcile(r.name());
                    case Work.OfEngine e -> engines.reconcile(e.name());
                    case Work.OrphanSweep s -> sweep.run();
                },
                Timer.of(scheduler));
        this.poller =
                new EnginePoller(mirror, cache, queue::add, config.timings().idlePoll(), clock);
    }

    /**
     * Registers the node, brings up (or adopts) the instance process, then starts watching and
     * the periodic work. Returns once the instance serves.
     */
    public static NodeAgent start(AgentConfig config, Store store) throws IOException {
        return start(config, store, Clock.systemUTC());
    }

    static NodeAgent start(AgentConfig config, Store store, Clock clock) throws IOException {
        Files.createDirectories(config.dataDisk());
        Files.createDirectories(config.instanceDir());
        NodeRegistration.ensure(store, config);
        NodeAgent agent = new NodeAgent(config, store, clock);
        try {
            agent.supervise();
            agent.startWatching();
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private void startWatching() {
        AgentConfig.Timings t = config.timings();
        watch = store.watch(
                Set.of(Kind.REPLICA, Kind.ENGINE), event -> cache.apply(event).forEach(queue::add));
        every(t.heartbeat(), this::beat);
        every(t.heartbeat(), this::superviseQuietly);
        every(t.busyPoll(), poller::tick);
        every(t.resync(), this::resync);
    }

    private void every(Duration period, Runnable task) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("{}", e.toString(), e);
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void beat() {
        boolean registered = heartbeat.beat();
        lastContact = clock.instant();
        if (!registered) {
            try {
                NodeRegistration.ensure(store, config); // the Node was deleted: this node is still here
            } catch (IOException e) {
                log.warn("registering node {}: {}", config.nodeName(), e.toString());
            }
        }
    }

    private void superviseQuietly() {
        try {
            supervise();
        } catch (IOException e) {
            log.warn("instance process: {}", e.getMessage());
        }
    }

    /**
     * Makes sure an instance runs; on a new one (adopted or started), learns what it hosts and
     * reconciles everything of the node again: a new process hosts nothing, so every replica is
     * started again (reopening its directory, at a new port) and every engine after it.
     */
    private void supervise() throws IOException {
        InstanceConnection instance = supervisor.ensure();
        if (instance.generation() != mirror.generation()) {
            mirror.reset(
                    instance, instance.client().replicas(), instance.client().engines());
            cache.allWork().forEach(queue::add);
        }
    }

    /** Learns again what the instance hosts and reconciles everything: repairs what a lost call left. */
    private void resync() {
        InstanceConnection instance = mirror.connection();
        if (instance != null && instance.alive()) {
            mirror.reset(
                    instance, instance.client().replicas(), instance.client().engines());
            cache.allWork().forEach(queue::add);
        }
    }

    /** When the control plane last took a heartbeat (or the registration at start). */
    public Instant lastControlPlaneContact() {
        return lastContact;
    }

    /** The instance process's API URL, or null before it first served. */
    public String instanceUrl() {
        InstanceConnection instance = mirror.connection();
        return instance == null ? null : instance.url();
    }

    /** The instance process's pid, or 0 before it first served. */
    public long instancePid() {
        InstanceConnection instance = mirror.connection();
        return instance == null ? 0 : instance.pid();
    }

    /** Stops the agent's own work; the instance process and its volumes keep running. */
    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        scheduler.shutdownNow();
        queue.close();
    }
}
