package dev.corral.node.instance;

import dev.corral.api.node.EngineRequest;
import dev.corral.api.node.EngineView;
import dev.corral.engine.control.EngineControl;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.controller.ReplicaMode;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.nbd.ExportRegistry;
import dev.corral.engine.nbd.NbdServer;
import dev.corral.engine.nbd.NbdServerConfig;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines of the instance, by volume name. An engine starts when at least one of its replicas
 * can serve; the others start in ERR (unreachable, outdated, wrong size) and are rebuilt when the
 * agent adds them again. With none that can serve it is refused, since it could answer nothing.
 * Starting is idempotent per volume; stopping waits for a start in progress.
 */
final class EngineHost {
    private static final Logger log = LoggerFactory.getLogger(EngineHost.class);

    /**
     * Idle replica connections ping every 5 s rather than the controller's default 2 s: an
     * instance holds six connections per volume, and idle CPU across a node's volumes counts more
     * here than noticing a dead replica of an idle volume a few seconds sooner (one with I/O
     * notices at its first request anyway).
     */
    static final ReplicaClientConfig CLIENTS = ReplicaClientConfig.DEFAULT.withPingInterval(Duration.ofSeconds(5));

    private final SharedIo io;
    private final ExportSockets exports;
    private final ReplicaClientConfig clients;

    private final Map<String, CompletableFuture<HostedEngine>> byVolume = new HashMap<>(); // guarded by this

    EngineHost(SharedIo io, ExportSockets exports, ReplicaSecurity security) {
        this.io = io;
        this.exports = exports;
        this.clients = security.clients(CLIENTS);
        // One timer for every engine's rate statistics rather than one per engine: idle engines
        // should cost as few wake-ups as possible.
        io.loops().scheduleAtFixedRate(this::tickStats, 1, 1, TimeUnit.SECONDS);
    }

    CompletableFuture<Started<EngineView>> start(EngineRequest request) {
        String volume = RequestChecks.name("volume", request.volume());
        long size = RequestChecks.size("size", request.size());
        List<String> replicas = RequestChecks.addresses("replicas", request.replicas());
        synchronized (this) {
            CompletableFuture<HostedEngine> existing = byVolume.get(volume);
            if (existing != null) {
                return existing.thenApply(engine -> new Started<>(engine.view(), false));
            }
            CompletableFuture<HostedEngine> started = open(volume, size, replicas);
            byVolume.put(volume, started);
            started.whenComplete((engine, failure) -> {
                if (failure != null) {
                    synchronized (this) {
                        byVolume.remove(volume, started);
                    }
                }
            });
            return started.thenApply(engine -> new Started<>(engine.view(), true));
        }
    }

    private CompletableFuture<HostedEngine> open(String volume, long size, List<String> replicas) {
        return VolumeController.open(
                        volume,
                        size,
                        replicas,
                        address -> ReplicaClient.connect(address, clients, io.loops())
                                .thenApply(client -> (ReplicaConnection) client))
                .thenApplyAsync(controller -> serve(volume, controller), io.workers());
    }

    /**
     * With the controller open: refuse it when nothing can serve, else put NBD in front. The
     * engine's operations are served by the node's API; the engine opens no port of its own.
     */
    private HostedEngine serve(String volume, VolumeController controller) {
        List<ReplicaStatus> members = controller.replicas();
        if (members.stream().noneMatch(r -> r.mode() == ReplicaMode.RW)) {
            controller.close();
            throw InstanceException.conflict("no replica of volume " + volume + " can serve: "
                    + members.stream()
                            .map(r -> r.address() + " (" + r.failureReason() + ")")
                            .collect(Collectors.joining(", ")));
        }
        NbdServer nbd = null;
        try {
            Path socket = exports.socket(volume);
            nbd = NbdServer.startOn(
                    NbdServerConfig.defaults(socket), ExportRegistry.of(Map.of(volume, controller)), io.loops());
            String endpoint = ExportSockets.uri(volume, socket);
            members.forEach(r -> log.info(
                    "volume {}: replica {} {}{}",
                    volume,
                    r.address(),
                    r.mode(),
                    r.failureReason() == null ? "" : " (" + r.failureReason() + ")"));
            log.info("volume {} serves {}", volume, endpoint);
            return new HostedEngine(
                    volume, controller, nbd, new EngineControl(controller, endpoint, nbd::connectionCount));
        } catch (RuntimeException e) {
            if (nbd != null) {
                nbd.close();
            }
            controller.close();
            throw e;
        }
    }

    /** Stops the engine of {@code volume}; completes with false when none runs here. */
    CompletableFuture<Boolean> stop(String volume) {
        RequestChecks.name("volume", volume);
        CompletableFuture<HostedEngine> engine;
        synchronized (this) {
            engine = byVolume.remove(volume);
        }
        if (engine == null) {
            return CompletableFuture.completedFuture(false);
        }
        return engine.handle((running, startFailure) -> running)
                .thenApplyAsync(
                        running -> {
                            if (running != null) {
                                running.close();
                                log.info("volume {} stopped", volume);
                            }
                            return true;
                        },
                        io.workers());
    }

    /** The operations of the running engine of {@code volume}; NotFound when none serves here. */
    EngineControl control(String volume) {
        return running(volume).control();
    }

    /** The running engine of {@code volume}, or NotFound. */
    HostedEngine running(String volume) {
        CompletableFuture<HostedEngine> engine;
        synchronized (this) {
            engine = byVolume.get(volume);
        }
        if (engine == null || !engine.isDone() || engine.isCompletedExceptionally()) {
            throw InstanceException.notFound("no engine of volume " + volume + " runs here");
        }
        return engine.join();
    }

    /** The engines that serve now, by volume (those still starting are left out). */
    List<EngineView> list() {
        List<EngineView> views = new ArrayList<>();
        for (HostedEngine engine : serving()) {
            views.add(engine.view());
        }
        views.sort(Comparator.comparing(EngineView::volume));
        return views;
    }

    synchronized int count() {
        return byVolume.size();
    }

    private synchronized List<HostedEngine> serving() {
        return byVolume.values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .toList();
    }

    private void tickStats() {
        for (HostedEngine engine : serving()) {
            engine.controller().stats().tick();
        }
    }

    /** Stops every engine (at shutdown). */
    void closeAll() {
        List<String> volumes;
        synchronized (this) {
            volumes = List.copyOf(byVolume.keySet());
        }
        CompletableFuture.allOf(volumes.stream()
                        .map(volume -> stop(volume).exceptionally(failure -> {
                            log.warn("stopping engine {}: {}", volume, failure.toString());
                            return false;
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();
    }
}
