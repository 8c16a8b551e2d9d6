package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.util.Failures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Spreads reads round-robin over RW replicas. A replica that fails a read is failed and the next
 * one is tried, so a client sees an error only when no RW replica is left (or the request itself
 * was invalid).
 */
final class ReadBalancer {
    private final ReplicaSet replicas;
    private final String volume;
    private final AtomicInteger cursor = new AtomicInteger();

    ReadBalancer(ReplicaSet replicas, String volume) {
        this.replicas = replicas;
        this.volume = volume;
    }

    <T> CompletableFuture<T> fromAnyReadable(Function<ReplicaConnection, CompletableFuture<T>> action) {
        List<ReplicaMember> readable = replicas.readable();
        if (readable.isEmpty()) {
            return CompletableFuture.failedFuture(FanOut.noHealthyReplica(volume));
        }
        int first = Math.floorMod(cursor.getAndIncrement(), readable.size());
        return attempt(readable, first, 0, action);
    }

    private <T> CompletableFuture<T> attempt(
            List<ReplicaMember> readable,
            int first,
            int attempt,
            Function<ReplicaConnection, CompletableFuture<T>> action) {
        if (attempt == readable.size()) {
            return CompletableFuture.failedFuture(FanOut.noHealthyReplica(volume));
        }
        ReplicaMember member = readable.get((first + attempt) % readable.size());
        if (!member.servesReads()) {
            return attempt(readable, first, attempt + 1, action);
        }
        return FanOut.send(member, action)
                .handle((value, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    if (BlockIoException.classify(failure) == IoError.INVALID) {
                        return CompletableFuture.<T>failedFuture(failure);
                    }
                    replicas.fail(member, "read failed: " + Failures.rootMessage(failure));
                    return attempt(readable, first, attempt + 1, action);
                })
                .thenCompose(f -> f);
    }
}
