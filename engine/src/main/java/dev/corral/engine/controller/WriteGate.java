package dev.corral.engine.controller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A point in the write stream. Mutations pass through the gate; {@link #holdAndDrain()} stops new
 * ones (they wait, they are not refused) and completes once every mutation already in flight has
 * been answered, so a snapshot or a replica attachment sees exactly the writes acknowledged before
 * it on every replica. {@link #release()} lets the held ones go, in arrival order.
 */
final class WriteGate {
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    private int inFlight;
    private boolean holding;
    private CompletableFuture<Void> drained;

    <T> CompletableFuture<T> admit(Supplier<CompletableFuture<T>> mutation) {
        synchronized (this) {
            if (holding) {
                CompletableFuture<T> later = new CompletableFuture<>();
                held.add(() -> start(mutation).whenComplete((value, failure) -> {
                    if (failure == null) {
                        later.complete(value);
                    } else {
                        later.completeExceptionally(failure);
                    }
                }));
                return later;
            }
            inFlight++;
        }
        return start(mutation);
    }

    private <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> mutation) {
        CompletableFuture<T> running;
        try {
            running = mutation.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return running.whenComplete((value, failure) -> exit());
    }

    private void exit() {
        CompletableFuture<Void> toComplete = null;
        synchronized (this) {
            inFlight--;
            if (holding && inFlight == 0 && drained != null) {
                toComplete = drained;
            }
        }
        if (toComplete != null) {
            toComplete.complete(null);
        }
    }

    /** Holds new mutations; the future completes when none is in flight any more. */
    CompletableFuture<Void> holdAndDrain() {
        CompletableFuture<Void> result;
        synchronized (this) {
            if (holding) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("the write stream is already held by another operation"));
            }
            holding = true;
            drained = new CompletableFuture<>();
            result = drained;
            if (inFlight == 0) {
                result.complete(null);
            }
        }
        return result;
    }

    /** Lets held mutations go, in the order they arrived. */
    void release() {
        List<Runnable> toStart;
        synchronized (this) {
            holding = false;
            drained = null;
            toStart = new ArrayList<>(held);
            held.clear();
            inFlight += toStart.size();
        }
        toStart.forEach(Runnable::run);
    }
}
