package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.LayerSummary;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.replica.ReplicaInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A unit-level stand-in for a remote replica: an in-memory byte array that can be told to fail. It
 * has every remote role because the controller needs them of every replica it holds (any one may
 * become a rebuild source); the tree and rebuild roles act on its one flat layer.
 */
final class FakeReplica implements ReplicaConnection {
    private final String address;
    private volatile byte[] data; // replaced, longer, when the replica grows
    volatile IoError failWith;
    volatile IoError growFailsWith;
    volatile boolean closed;
    final List<String> snapshots = new CopyOnWriteArrayList<>();
    Consumer<Throwable> failureListener = t -> {};

    FakeReplica(String address, int size) {
        this.address = address;
        this.data = new byte[size];
    }

    @Override
    public String address() {
        return address;
    }

    private <T> CompletableFuture<T> answer(Supplier<T> action) {
        if (closed) {
            return CompletableFuture.failedFuture(new BlockIoException(IoError.DISCONNECTED, "closed"));
        }
        if (failWith != null) {
            return CompletableFuture.failedFuture(new BlockIoException(failWith, address + " fails with " + failWith));
        }
        return CompletableFuture.completedFuture(action.get());
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return answer(() -> Unpooled.copiedBuffer(data, (int) offset, length));
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf buf) {
        try {
            return answer(() -> {
                buf.getBytes(buf.readerIndex(), data, (int) offset, buf.readableBytes());
                return null;
            });
        } finally {
            buf.release();
        }
    }

    @Override
    public CompletableFuture<Void> unmap(long offset, long length) {
        return answer(() -> {
            Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> flush() {
        return answer(() -> null);
    }

    @Override
    public CompletableFuture<ReplicaInfo> info() {
        return answer(() -> new ReplicaInfo(data.length, "head", List.of("head"), false, 0));
    }

    @Override
    public CompletableFuture<Void> snapshot(String name, boolean userCreated) {
        return answer(() -> {
            snapshots.add(name);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Extent>> extents(long offset, long length) {
        return answer(() -> List.of(new Extent(offset, length, true)));
    }

    @Override
    public CompletableFuture<Void> grow(long newSize) {
        if (growFailsWith != null) {
            return CompletableFuture.failedFuture(new BlockIoException(growFailsWith, address + " cannot grow"));
        }
        return answer(() -> {
            data = Arrays.copyOf(data, Math.toIntExact(newSize));
            return null;
        });
    }

    // The fake keeps one flat layer: tree operations succeed without changing it, and the rebuild
    // primitives read and write that one byte array.

    @Override
    public CompletableFuture<List<LayerInfo>> layers() {
        return answer(
                () -> List.of(new LayerInfo("volume-head", null, Instant.EPOCH, false, false, data.length, true)));
    }

    @Override
    public CompletableFuture<Void> removeSnapshot(String name) {
        return answer(() -> null);
    }

    @Override
    public CompletableFuture<Void> purge() {
        return answer(() -> null);
    }

    @Override
    public CompletableFuture<Void> revert(String name) {
        return answer(() -> null);
    }

    @Override
    public CompletableFuture<List<Extent>> layerExtents(String name, long offset, long length) {
        return extents(offset, length);
    }

    @Override
    public CompletableFuture<ByteBuf> readLayer(String name, long offset, int length) {
        return read(offset, length);
    }

    @Override
    public CompletableFuture<LayerDigests> layerDigests(String name, long offset, long length) {
        return answer(() -> new LayerDigests(new long[0], new long[0]));
    }

    @Override
    public CompletableFuture<LayerSummary> layerSummary(String name) {
        return answer(() -> new LayerSummary(0, 0));
    }

    @Override
    public CompletableFuture<Void> prepareRebuild(List<LayerSpec> chain) {
        return answer(() -> null);
    }

    @Override
    public CompletableFuture<Void> writeLayer(String name, long offset, ByteBuf buf) {
        return write(offset, buf);
    }

    @Override
    public CompletableFuture<Void> punchLayer(String name, long offset, long length) {
        return unmap(offset, length);
    }

    @Override
    public CompletableFuture<Void> finishRebuild() {
        return answer(() -> null);
    }

    @Override
    public void onFailure(Consumer<Throwable> listener) {
        failureListener = listener;
    }

    @Override
    public void close() {
        closed = true;
    }

    byte[] bytes() {
        return data;
    }
}
