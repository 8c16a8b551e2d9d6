package dev.corral.engine.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WriteGateTest {
    private final WriteGate gate = new WriteGate();

    @Test
    void drainWaitsForMutationsInFlightAndHoldsNewOnesUntilRelease() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> firstSeen = gate.admit(() -> first);

        CompletableFuture<Void> drained = gate.holdAndDrain();
        assertThat(drained).isNotDone();

        List<String> started = new CopyOnWriteArrayList<>();
        CompletableFuture<String> second = gate.admit(() -> {
            started.add("second");
            return CompletableFuture.completedFuture("two");
        });
        assertThat(started).isEmpty();
        assertThat(second).isNotDone();

        first.complete("one");
        assertThat(firstSeen).isCompletedWithValue("one");
        assertThat(drained).isCompleted();
        assertThat(started).isEmpty();

        gate.release();
        assertThat(started).containsExactly("second");
        assertThat(second).isCompletedWithValue("two");
    }

    @Test
    void onlyOneHolderAtATime() {
        assertThat(gate.holdAndDrain()).isCompleted();
        assertThat(gate.holdAndDrain()).isCompletedExceptionally();
        gate.release();
        assertThat(gate.holdAndDrain()).isCompleted();
    }

    @Test
    void aFailingMutationStillLeavesTheGate() {
        CompletableFuture<Void> failing = gate.admit(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(failing).isCompletedExceptionally();
        assertThat(gate.holdAndDrain()).isCompleted();
    }
}
