package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.FanOutVerdict.Outcome;
import dev.corral.engine.controller.FanOutVerdict.Verdict;
import dev.corral.engine.replica.ReplicaConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Sends one mutation to every replica that takes writes, waits for all of them, and lets the
 * replica set's verdict decide what the client is told and who is failed.
 */
final class FanOut {
    private final ReplicaSet replicas;
    private final String volume;

    FanOut(ReplicaSet replicas, String volume) {
        this.replicas = replicas;
        this.volume = volume;
    }

    CompletableFuture<Void> toEveryWriter(Function<ReplicaConnection, CompletableFuture<Void>> action) {
        List<ReplicaMember> writers = replicas.writers();
        if (writers.stream().noneMatch(ReplicaMember::servesReads)) {
            return CompletableFuture.failedFuture(noHealthyReplica(volume));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        Outcome[] outcomes = new Outcome[writers.size()];
        AtomicInteger remaining = new AtomicInteger(writers.size());
        for (int i = 0; i < writers.size(); i++) {
            ReplicaMember member = writers.get(i);
            ReplicaMode modeWhenSent = member.mode();
            int slot = i;
            send(member, action).whenComplete((ignored, failure) -> {
                outcomes[slot] = new Outcome(member, modeWhenSent, failure);
                if (remaining.decrementAndGet() == 0) {
                    complete(replicas.settle(List.of(outcomes)), result);
                }
            });
        }
        return result;
    }

    private static void complete(Verdict verdict, CompletableFuture<Void> result) {
        if (verdict.succeeded()) {
            result.complete(null);
        } else {
            result.completeExceptionally(new BlockIoException(verdict.clientError(), verdict.clientMessage()));
        }
    }

    /** Runs {@code action} on the member's connection; a synchronous throw becomes a failed future. */
    static <T> CompletableFuture<T> send(
            ReplicaMember member, Function<ReplicaConnection, CompletableFuture<T>> action) {
        try {
            return action.apply(member.connection());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static BlockIoException noHealthyReplica(String volume) {
        return new BlockIoException(IoError.IO, "volume " + volume + " has no healthy replica");
    }
}
