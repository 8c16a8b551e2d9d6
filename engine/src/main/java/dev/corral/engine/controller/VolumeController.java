package dev.corral.engine.controller;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.stats.IoStats;
import dev.corral.engine.stats.OpKind;
import dev.corral.engine.util.Failures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
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
    private final long size;
    private final ReplicaSet replicas;
    private final FanOut fanOut;
    private final ReadBalancer reads;
    private final IoStats stats = new IoStats();
    private final WriteGate gate = new WriteGate();
    private final BlockAligner aligner = new BlockAligner();

    private final ReplicaConnector connector;
    private Rebuild rebuild; // the current or last one; guarded by this

    VolumeController(String name, long size, List<ReplicaMember> initialMembers, ReplicaConnector connector) {
        this.name = name;
        this.size = size;
        this.connector = connector;
        this.replicas = new ReplicaSet(name, initialMembers);
        this.fanOut = new FanOut(replicas, name);
        this.reads = new ReadBalancer(replicas, name);
    }

    /**
     * Connects to every replica. One that cannot be reached, or whose size differs from the
     * volume's, starts in ERR with the reason; of the others, {@link Salvage} decides which are up
     * to date and serve, and which start in ERR to be rebuilt.
     */
    public static CompletableFuture<VolumeController> open(
            String name, long size, List<String> replicaAddresses, ReplicaConnector connector) {
        List<CompletableFuture<Joined>> joining = new ArrayList<>();
        for (String address : replicaAddresses) {
            joining.add(join(address, size, connector));
        }
        return CompletableFuture.allOf(joining.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<Joined> joined =
                            joining.stream().map(CompletableFuture::join).toList();
                    java.util.Map<String, String> outdated = Salvage.outdated(joined.stream()
                            .filter(j -> j.info() != null)
                            .map(j -> new Salvage.Candidate(j.member().address(), j.info()))
                            .toList());
                    List<ReplicaMember> members = new ArrayList<>();
                    for (Joined j : joined) {
                        String reason = outdated.get(j.member().address());
                        if (reason != null) {
                            j.member().fail("needs a rebuild: " + reason);
                            j.member().connection().close();
                        }
                        members.add(j.member());
                    }
                    return new VolumeController(name, size, members, connector);
                });
    }

    /** A replica after connecting: its member, and what it said about itself (null if unreachable). */
    private record Joined(ReplicaMember member, dev.corral.engine.replica.ReplicaInfo info) {}

    private static CompletableFuture<Joined> join(String address, long size, ReplicaConnector connector) {
        return connector
                .connect(address)
                .thenCompose(connection -> connection.info().thenApply(info -> {
                    if (info.size() != size) {
                        connection.close();
                        return new Joined(
                                ReplicaMember.unreachable(
                                        address, "replica size " + info.size() + " differs from volume size " + size),
                                null);
                    }
                    return new Joined(new ReplicaMember(address, connection, ReplicaMode.RW), info);
                }))
                .exceptionally(failure -> new Joined(
                        ReplicaMember.unreachable(address, "cannot reach replica: " + Failures.rootMessage(failure)),
                        null));
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

    /**
     * Takes snapshot {@code name} on every replica at one point of the write stream: writes in
     * flight are answered first, new ones wait until every replica has frozen its head.
     */
    public CompletableFuture<Void> snapshot(String name) {
        return gate.holdAndDrain()
                .thenCompose(drained -> fanOut.toEveryWriter(connection -> connection.snapshot(name))
                        .whenComplete((ok, failure) -> gate.release()));
    }

    /**
     * Attaches the replica server at {@code address} (empty, stale or half-rebuilt) as WO and starts
     * rebuilding it in the background: a system snapshot on every replica marks the point from which
     * its head receives live writes; the layers below are copied from a RW replica, only what
     * differs. At most one rebuild runs per volume. {@code bandwidthLimit} in bytes/s, 0 for none.
     */
    public CompletableFuture<RebuildStatus> addReplica(String address, long bandwidthLimit) {
        synchronized (this) {
            if (rebuild != null && rebuild.running()) {
                return CompletableFuture.failedFuture(new BlockIoException(
                        IoError.INVALID,
                        "a rebuild is already running, of " + rebuild.target().address()));
            }
        }
        if (replicas.statuses().stream().anyMatch(r -> r.address().equals(address) && r.mode() != ReplicaMode.ERR)) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.INVALID, "replica " + address + " is already part of " + name));
        }
        return connector
                .connect(address)
                .thenCompose(connection -> connection.info().thenCompose(info -> {
                    if (info.size() != size) {
                        connection.close();
                        return CompletableFuture.failedFuture(new BlockIoException(
                                IoError.INVALID, "replica size " + info.size() + " differs from volume size " + size));
                    }
                    return gate.holdAndDrain()
                            .thenCompose(drained -> attach(address, connection, bandwidthLimit)
                                    .whenComplete((ok, failure) -> gate.release()));
                }));
    }

    /** With the write stream held: snapshot, prepare the target, add it as WO, start copying. */
    private CompletableFuture<RebuildStatus> attach(String address, ReplicaConnection connection, long limit) {
        String snapshot = "rebuild-" + System.currentTimeMillis();
        List<ReplicaMember> readable = replicas.readable();
        if (readable.isEmpty()) {
            return CompletableFuture.failedFuture(FanOut.noHealthyReplica(name));
        }
        ReplicaMember source = readable.getFirst();
        return fanOut.toEveryWriter(c -> c.snapshot(snapshot))
                .thenCompose(ok -> source.connection().layers())
                .thenCompose(layers -> {
                    RebuildPlan plan = RebuildPlan.of(layers);
                    return connection.prepareRebuild(plan.chain()).thenApply(prepared -> {
                        ReplicaMember target = new ReplicaMember(address, connection, ReplicaMode.WO);
                        replicas.removeFailed(address);
                        replicas.add(target);
                        Rebuild started = new Rebuild(
                                name, size, replicas, target, source, plan.chain(), plan.bytesTotal(), limit);
                        synchronized (this) {
                            rebuild = started;
                        }
                        started.start();
                        return started.status();
                    });
                });
    }

    /** The running or last rebuild, if any. */
    public synchronized java.util.Optional<RebuildStatus> rebuildStatus() {
        return java.util.Optional.ofNullable(rebuild).map(Rebuild::status);
    }

    /** Takes a replica out of the volume; a rebuild of it stops. */
    public CompletableFuture<Void> removeReplica(String address) {
        synchronized (this) {
            if (rebuild != null
                    && rebuild.running()
                    && rebuild.target().address().equals(address)) {
                rebuild.cancel();
            }
        }
        if (!replicas.remove(address)) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.INVALID, "no replica " + address + " in volume " + name));
        }
        return CompletableFuture.completedFuture(null);
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
