package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.RebuildStatus.State;
import dev.corral.engine.controller.rebuild.SyncPlan;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.LayerSummary;
import dev.corral.engine.util.Failures;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a volume's snapshot layers from a RW source replica to a WO target, window by window: both
 * sides report a hash per allocated 4 KiB block, and only blocks that differ travel (a fresh target
 * receives everything, a stale or half-rebuilt one only what it lacks — which is also how an
 * interrupted rebuild resumes). When the source fails, the window is redone from another RW
 * replica. At the end every layer's summary is compared, the target finishes and becomes RW.
 *
 * <p>Runs on its own virtual thread: the steps are sequential by nature, and blocking there costs
 * nothing, while copies inside a window are pipelined.
 */
final class Rebuild {
    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final long WINDOW = 256L << 20;
    private static final int COPIES_IN_FLIGHT = 16;

    private final String volume;
    private final long size;
    private final ReplicaSet replicas;
    private final ReplicaMember target;
    private final List<LayerSpec> chain;
    private final long bytesTotal;
    private final long bandwidthLimit;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicReference<String> error = new AtomicReference<>();
    private volatile ReplicaMember source;
    private volatile State state = State.RUNNING;
    private volatile long endNanos; // set when the rebuild completed or failed
    private volatile boolean cancelled;

    Rebuild(
            String volume,
            long size,
            ReplicaSet replicas,
            ReplicaMember target,
            ReplicaMember source,
            List<LayerSpec> chain,
            long bytesTotal,
            long bandwidthLimit) {
        this.volume = volume;
        this.size = size;
        this.replicas = replicas;
        this.target = target;
        this.source = source;
        this.chain = List.copyOf(chain);
        this.bytesTotal = bytesTotal;
        this.bandwidthLimit = bandwidthLimit;
    }

    void start() {
        Thread.ofVirtual().name("rebuild-" + volume).start(this::run);
    }

    boolean running() {
        return state == State.RUNNING || state == State.VERIFYING;
    }

    ReplicaMember target() {
        return target;
    }

    void cancel() {
        cancelled = true;
    }

    RebuildStatus status() {
        long end = running() ? System.nanoTime() : endNanos;
        double seconds = Math.max(1e-3, (end - startNanos) / 1e9);
        long done = bytesDone.get();
        double rate = done / seconds;
        Double eta = state == State.RUNNING && rate > 0 ? Math.max(0, bytesTotal - done) / rate : null;
        return new RebuildStatus(
                target.address(),
                source.address(),
                state,
                done,
                bytesTotal,
                bytesSent.get(),
                rate,
                eta,
                seconds,
                error.get(),
                startedAt);
    }

    private void run() {
        try {
            for (LayerSpec layer : chain) {
                for (long offset = 0; offset < size; offset += WINDOW) {
                    syncWindow(layer.name(), offset, Math.min(WINDOW, size - offset));
                }
            }
            state = State.VERIFYING;
            for (LayerSpec layer : chain) {
                verifyFromAnySource(layer.name());
            }
            target.connection().finishRebuild().join();
            if (!replicas.promote(target)) {
                throw new IllegalStateException("target failed before it could become RW");
            }
            endNanos = System.nanoTime();
            state = State.COMPLETED;
            log.info(
                    "volume {}: replica {} rebuilt from {} ({} bytes scanned, {} sent)",
                    volume,
                    target.address(),
                    source.address(),
                    bytesDone.get(),
                    bytesSent.get());
        } catch (RuntimeException e) {
            String reason = Failures.rootMessage(e);
            error.set(reason);
            endNanos = System.nanoTime();
            state = State.FAILED;
            replicas.fail(target, "rebuild failed: " + reason);
            log.warn("volume {}: rebuild of {} failed: {}", volume, target.address(), reason);
        }
    }

    /** Syncs one window of one layer, moving to another source whenever the current one fails. */
    private void syncWindow(String layer, long offset, long length) {
        while (true) {
            checkGoing();
            ReplicaMember from = source;
            try {
                long t0 = System.nanoTime();
                LayerDigests have = call(target, target.connection().layerDigests(layer, offset, length));
                SyncPlan plan;
                long scanned;
                if (have.count() == 0) {
                    // Nothing to compare with: copy the source's data extents without hashing them.
                    plan = SyncPlan.copyAll(call(from, from.connection().layerExtents(layer, offset, length)));
                    scanned = plan.copyBytes();
                } else {
                    LayerDigests want = call(from, from.connection().layerDigests(layer, offset, length));
                    plan = SyncPlan.between(want.blocks(), want.hashes(), have.blocks(), have.hashes());
                    scanned = (long) want.count() * SyncPlan.BLOCK_SIZE;
                }
                long t1 = System.nanoTime();
                copy(from, layer, plan);
                log.debug(
                        "rebuild {} layer {} @{}: digests {} ms, copy of {} runs {} ms",
                        target.address(),
                        layer,
                        offset,
                        (t1 - t0) / 1_000_000,
                        plan.copy().size(),
                        (System.nanoTime() - t1) / 1_000_000);
                for (SyncPlan.Run run : plan.punch()) {
                    call(target, target.connection().punchLayer(layer, run.offset(), run.length()));
                }
                bytesDone.addAndGet(scanned);
                return;
            } catch (SourceFailed e) {
                replicas.fail(from, "rebuild source failed: " + Failures.rootMessage(e.getCause()));
                source = nextSource();
                log.info("volume {}: rebuild of {} continues from {}", volume, target.address(), source.address());
            }
        }
    }

    private void copy(ReplicaMember from, String layer, SyncPlan plan) {
        Semaphore window = new Semaphore(COPIES_IN_FLIGHT);
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        for (SyncPlan.Run run : plan.copy()) {
            window.acquireUninterruptibly();
            if (firstFailure.get() != null) {
                window.release();
                break;
            }
            CompletableFuture<ByteBuf> read = from.connection().readLayer(layer, run.offset(), (int) run.length());
            read.handle((data, readFailure) -> {
                        if (readFailure != null) {
                            throw new SourceFailed(readFailure);
                        }
                        return data;
                    })
                    .thenCompose(data -> target.connection().writeLayer(layer, run.offset(), data))
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            firstFailure.compareAndSet(null, classify(failure));
                        } else {
                            bytesSent.addAndGet(run.length());
                        }
                        window.release();
                    });
            throttle();
        }
        window.acquireUninterruptibly(COPIES_IN_FLIGHT);
        if (firstFailure.get() != null) {
            throw firstFailure.get();
        }
    }

    private void verifyFromAnySource(String layer) {
        while (true) {
            ReplicaMember from = source;
            try {
                verify(from, layer);
                return;
            } catch (SourceFailed e) {
                replicas.fail(from, "rebuild source failed: " + Failures.rootMessage(e.getCause()));
                source = nextSource();
            }
        }
    }

    private void verify(ReplicaMember source, String layer) {
        // Both sides read and hash their layer at once: each is a full pass over the layer's data.
        CompletableFuture<LayerSummary> wanted = source.connection().layerSummary(layer);
        CompletableFuture<LayerSummary> had = target.connection().layerSummary(layer);
        LayerSummary have = call(target, had);
        LayerSummary want = call(source, wanted);
        if (!want.equals(have)) {
            throw new IllegalStateException(
                    "layer " + layer + " differs after copy: source " + want + ", target " + have);
        }
    }

    /** Waits for a replica call; failures of the source and of the target are told apart. */
    private <T> T call(ReplicaMember from, CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (RuntimeException e) {
            if (from == target) {
                throw new IllegalStateException("target " + target.address() + ": " + Failures.rootMessage(e), e);
            }
            throw new SourceFailed(e);
        }
    }

    private static RuntimeException classify(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof SourceFailed sf
                ? sf
                : new IllegalStateException("target write failed: " + Failures.rootMessage(t), t);
    }

    private ReplicaMember nextSource() {
        return replicas.readable().stream()
                .filter(m -> m != target)
                .findFirst()
                .orElseThrow(() -> new BlockIoException(IoError.IO, "no RW replica left to rebuild from"));
    }

    private void checkGoing() {
        if (cancelled) {
            throw new IllegalStateException("cancelled");
        }
        if (target.mode() != ReplicaMode.WO) {
            throw new IllegalStateException(
                    "target is " + target.mode() + ": " + target.failureReason().orElse(""));
        }
    }

    /** Keeps the average copy rate at or under the limit (bytes/s), if one is set. */
    private void throttle() {
        if (bandwidthLimit <= 0) {
            return;
        }
        long dueNanos = (long) (bytesSent.get() * 1e9 / bandwidthLimit);
        long aheadBy = dueNanos - (System.nanoTime() - startNanos);
        if (aheadBy > 0) {
            LockSupport.parkNanos(aheadBy);
        }
    }

    /** A failure of the source replica: the window is redone from another one. */
    private static final class SourceFailed extends RuntimeException {
        SourceFailed(Throwable cause) {
            super(cause);
        }
    }
}
