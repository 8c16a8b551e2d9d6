package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.Extent;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Holds every operation until the test lets it through, in any order, or fails it: for testing
 * out-of-order replies, backpressure and error paths. Operations run on a {@link
 * MemoryBlockDevice} when let through.
 */
final class GatedBlockDevice implements BlockDevice {
    /** An operation waiting for the test's decision. */
    record Pending(
            String operation,
            long offset,
            Supplier<CompletableFuture<Object>> action,
            CompletableFuture<Object> result) {}

    final MemoryBlockDevice memory;
    private final List<Pending> pending = new ArrayList<>();

    GatedBlockDevice(MemoryBlockDevice memory) {
        this.memory = memory;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized Pending pending(int index) {
        return pending.get(index);
    }

    /** Runs the {@code index}-th waiting operation and completes its future with the outcome. */
    void complete(int index) {
        Pending op;
        synchronized (this) {
            op = pending.remove(index);
        }
        op.action().get().whenComplete((value, failure) -> {
            if (failure != null) {
                op.result().completeExceptionally(failure);
            } else {
                op.result().complete(value);
            }
        });
    }

    void completeAll() {
        while (pendingCount() > 0) {
            complete(0);
        }
    }

    /** Fails the {@code index}-th waiting operation without running it. */
    void fail(int index, Throwable failure, Runnable cleanup) {
        Pending op;
        synchronized (this) {
            op = pending.remove(index);
        }
        cleanup.run();
        op.result().completeExceptionally(failure);
    }

    @Override
    public long size() {
        return memory.size();
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return hold("read", offset, () -> memory.read(offset, length));
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        return hold("write", offset, () -> memory.write(offset, data, fua));
    }

    @Override
    public CompletableFuture<Void> trim(long offset, long length, boolean fua) {
        return hold("trim", offset, () -> memory.trim(offset, length, fua));
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean noHole, boolean fua) {
        return hold("zero", offset, () -> memory.writeZeroes(offset, length, noHole, fua));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return hold("flush", 0, memory::flush);
    }

    @Override
    public CompletableFuture<List<Extent>> extents(long offset, long length) {
        return hold("extents", offset, () -> memory.extents(offset, length));
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> CompletableFuture<T> hold(
            String operation, long offset, Supplier<CompletableFuture<T>> action) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        pending.add(new Pending(operation, offset, () -> (CompletableFuture<Object>) action.get(), result));
        return (CompletableFuture<T>) result;
    }
}
