package dev.corral.engine.controller;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.stats.IoStats;
import dev.corral.engine.stats.OpKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Serves one volume from its replicas: every mutation goes to every replica that takes writes and
 * is acknowledged when all answered ({@link FanOutVerdict} decides who is failed); reads go
 * round-robin to RW replicas and move on to the next one when a replica fails. Because every flush
 * reaches every replica and fsyncs its whole head, a flush covers all writes acknowledged before
 * it on any client connection (what NBD multi-conn requires).
 */
public final class VolumeController implements BlockDevice, AutoCloseable {
    private static final int ZERO_CHUNK = 1 << 20;
    private static final byte[] ZEROS = new byte[ZERO_CHUNK];

    private final String name;
    private volatile long size;
    private final ReplicaSet replicas;
    private final FanOut fanOut;
    private final ReadBalancer reads;
    private final IoStats stats = new IoStats();
    private final WriteGate gate = new WriteGate();
    private final BlockAligner aligner = new BlockAligner();
    private final Snapshots snapshots;

    private final ReplicaAttachments attachments;

    VolumeController(String name, long size, List<ReplicaMember> initialMembers, ReplicaConnector connector) {
        this.name = name;
        this.size = size;
        this.replicas = new ReplicaSet(name, initialMembers);
        this.fanOut = new FanOut(replicas, name);
        this.reads = new ReadBalancer(replicas, name);
        this.attachments = new ReplicaAttachments(name, this::size, connector, replicas, gate, fanOut);
        this.snapshots = new Snapshots(name, gate, fanOut, reads, attachments::rebuildRunning);
    }

    /**
     * Connects to every replica. One that cannot be reached, or that is larger than the volume,
     * starts in ERR with the reason; of the others, {@link Salvage} decides which are up to date and
     * serve, and which start in ERR to be rebuilt. Up-to-date replicas smaller than the volume (an
     * offline expansion) grow to its size before it serves ({@link VolumeOpening}).
     */
    public static CompletableFuture<VolumeController> open(
            String name, long size, List<String> replicaAddresses, ReplicaConnector connector) {
        return VolumeOpening.members(size, replicaAddresses, connector)
                .thenApply(members -> new VolumeController(name, size, members, connector));
    }

    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    public IoStats stats() {
        return stats;
    }

    public List<ReplicaStatus> replicas() {
        return replicas.statuses();
    }

    /** Called with the replica's new status whenever a replica is failed. */
    public void onReplicaFailed(Consumer<ReplicaStatus> listener) {
        replicas.onFailure(listener);
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        long start = System.nanoTime();
        CompletableFuture<ByteBuf> result = checkRange(offset, length)
                .thenCompose(ok -> reads.fromAnyReadable(connection -> connection.read(offset, length)));
        return recorded(result, OpKind.READ, length, start);
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        long start = System.nanoTime();
        int length = data.readableBytes();
        CompletableFuture<Void> result;
        if (!inRange(offset, length)) {
            data.release();
            result = CompletableFuture.failedFuture(rangeError(offset, length));
        } else {
            // The mutation may wait at the gate; each replica gets its own retained view of the data,
            // and ours is released as soon as they are handed out.
            result = gate.admit(() -> replicas.hasWriteOnly() && !BlockAligner.aligned(offset, length)
                    ? aligner.write(offset, length, data, this::readBlocks, this::writeBlocks)
                    : writeBlocks(offset, data));
            if (fua) {
                result = result.thenCompose(ok -> fanOut.toEveryWriter(ReplicaConnection::flush));
            }
        }
        return recorded(result, OpKind.WRITE, length, start);
    }

    @Override
    public CompletableFuture<Void> trim(long offset, long length, boolean fua) {
        long start = System.nanoTime();
        CompletableFuture<Void> result =
                checkRange(offset, length).thenCompose(ok -> gate.admit(() -> zeroRange(offset, length, false)));
        if (fua) {
            result = result.thenCompose(ok -> fanOut.toEveryWriter(ReplicaConnection::flush));
        }
        return recorded(result, OpKind.TRIM, length, start);
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean noHole, boolean fua) {
        long start = System.nanoTime();
        CompletableFuture<Void> result =
                checkRange(offset, length).thenCompose(ok -> gate.admit(() -> zeroRange(offset, length, noHole)));
        if (fua) {
            result = result.thenCompose(ok -> fanOut.toEveryWriter(ReplicaConnection::flush));
        }
        return recorded(result, OpKind.WRITE_ZEROES, length, start);
    }

    /** Sends {@code data} (owned) to every writer; each gets its own retained view of it. */
    private CompletableFuture<Void> writeBlocks(long offset, ByteBuf data) {
        try {
            return fanOut.toEveryWriter(connection -> connection.write(offset, data.retainedDuplicate()));
        } finally {
            data.release();
        }
    }

    private CompletableFuture<ByteBuf> readBlocks(long offset, int length) {
        return reads.fromAnyReadable(connection -> connection.read(offset, length));
    }

    /**
     * Makes a range read as zeros: punched ({@code keepAllocated == false}) or written. While a
     * replica is rebuilt, partial blocks at the edges are zeroed by read-modify-write instead.
     */
    private CompletableFuture<Void> zeroRange(long offset, long length, boolean keepAllocated) {
        long end = offset + length;
        if (!replicas.hasWriteOnly() || BlockAligner.aligned(offset, length)) {
            return keepAllocated
                    ? writeZeroChunks(offset, end)
                    : fanOut.toEveryWriter(connection -> connection.unmap(offset, length));
        }
        long innerStart = Math.ceilDiv(offset, BlockAligner.BLOCK) * BlockAligner.BLOCK;
        long innerEnd = Math.floorDiv(end, BlockAligner.BLOCK) * BlockAligner.BLOCK;
        if (innerStart >= innerEnd) {
            return aligner.write(offset, length, null, this::readBlocks, this::writeBlocks);
        }
        return aligner.write(offset, innerStart - offset, null, this::readBlocks, this::writeBlocks)
                .thenCompose(ok -> zeroRange(innerStart, innerEnd - innerStart, keepAllocated))
                .thenCompose(ok -> aligner.write(innerEnd, end - innerEnd, null, this::readBlocks, this::writeBlocks));
    }

    private CompletableFuture<Void> writeZeroChunks(long from, long to) {
        if (from >= to) {
            return CompletableFuture.completedFuture(null);
        }
        int chunk = (int) Math.min(ZERO_CHUNK, to - from);
        return fanOut.toEveryWriter(connection -> connection.write(from, Unpooled.wrappedBuffer(ZEROS, 0, chunk)))
                .thenCompose(ok -> writeZeroChunks(from + chunk, to));
    }

    public Snapshots snapshots() {
        return snapshots;
    }

    /**
     * Grows the volume on every replica at one point of the write stream. Clients connected before
     * keep the size they negotiated; clients that reconnect see the new one.
     */
    public CompletableFuture<Void> expand(long newSize) {
        if (newSize <= size || newSize % BlockAligner.BLOCK != 0) {
            return CompletableFuture.failedFuture(new BlockIoException(
                    IoError.INVALID,
                    "new size " + newSize + " must be larger than " + size + " and a multiple of 4096"));
        }
        if (attachments.rebuildRunning()) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.INVALID, "expansion waits until the rebuild has finished"));
        }
        return gate.holdAndDrain()
                .thenCompose(drained -> fanOut.toEveryWriter(connection -> connection.grow(newSize))
                        .thenRun(() -> size = newSize)
                        .whenComplete((ok, failure) -> gate.release()));
    }

    /** See {@link ReplicaAttachments#add}. */
    public CompletableFuture<RebuildStatus> addReplica(String address, long bandwidthLimit) {
        return attachments.add(address, bandwidthLimit);
    }

    /** The running or last rebuild, if any. */
    public Optional<RebuildStatus> rebuildStatus() {
        return attachments.rebuildStatus();
    }

    /** Takes a replica out of the volume; a rebuild of it stops. */
    public CompletableFuture<Void> removeReplica(String address) {
        return attachments.remove(address);
    }

    @Override
    public CompletableFuture<Void> flush() {
        long start = System.nanoTime();
        return recorded(fanOut.toEveryWriter(ReplicaConnection::flush), OpKind.FLUSH, 0, start);
    }

    @Override
    public CompletableFuture<List<Extent>> extents(long offset, long length) {
        long start = System.nanoTime();
        CompletableFuture<List<Extent>> result = checkRange(offset, length)
                .thenCompose(ok -> reads.fromAnyReadable(connection -> connection.extents(offset, length)));
        return recorded(result, OpKind.BLOCK_STATUS, 0, start);
    }

    private <T> CompletableFuture<T> recorded(CompletableFuture<T> result, OpKind op, long bytes, long start) {
        return result.whenComplete((value, failure) -> stats.record(op, bytes, start, failure != null));
    }

    private boolean inRange(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    private CompletableFuture<Void> checkRange(long offset, long length) {
        return inRange(offset, length)
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(rangeError(offset, length));
    }

    private BlockIoException rangeError(long offset, long length) {
        return new BlockIoException(
                IoError.INVALID,
                "range " + offset + "+" + length + " is outside volume " + name + " of " + size + " bytes");
    }

    @Override
    public void close() {
        replicas.closeAll();
    }
}
