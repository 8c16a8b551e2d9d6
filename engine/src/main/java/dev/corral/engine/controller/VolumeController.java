package dev.corral.engine.controller;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.FanOutVerdict.Outcome;
import dev.corral.engine.controller.FanOutVerdict.Verdict;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.stats.IoStats;
import dev.corral.engine.stats.OpKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one volume from its replicas: every mutation goes to every replica that takes writes and
 * is acknowledged when all answered ({@link FanOutVerdict} decides who is failed); reads go
 * round-robin to RW replicas and move on to the next one when a replica fails. Because every flush
 * reaches every replica and fsyncs its whole head, a flush covers all writes acknowledged before
 * it on any client connection (what NBD multi-conn requires).
 */
public final class VolumeController implements BlockDevice, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VolumeController.class);
    private static final int ZERO_CHUNK = 1 << 20;
    private static final byte[] ZEROS = new byte[ZERO_CHUNK];

    private final String name;
    private final long size;
    private final List<ReplicaMember> members = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReplicaStatus>> failureListeners = new CopyOnWriteArrayList<>();
    private final IoStats stats = new IoStats();
    private final AtomicInteger readCursor = new AtomicInteger();
    /** Held while a fan-out verdict is taken and applied, and while any replica changes mode. */
    private final Object membership = new Object();

    VolumeController(String name, long size, List<ReplicaMember> initialMembers) {
        this.name = name;
        this.size = size;
        for (ReplicaMember member : initialMembers) {
            members.add(member);
            watch(member);
        }
    }

    /**
     * Connects to every replica. One that cannot be reached, or whose size differs from the
     * volume's, starts in ERR with the reason; the volume serves from the others.
     */
    public static CompletableFuture<VolumeController> open(
            String name, long size, List<String> replicaAddresses, ReplicaConnector connector) {
        List<CompletableFuture<ReplicaMember>> joining = new ArrayList<>();
        for (String address : replicaAddresses) {
            joining.add(join(address, size, connector));
        }
        return CompletableFuture.allOf(joining.toArray(CompletableFuture[]::new))
                .thenApply(done -> new VolumeController(
                        name,
                        size,
                        joining.stream().map(CompletableFuture::join).toList()));
    }

    private static CompletableFuture<ReplicaMember> join(String address, long size, ReplicaConnector connector) {
        return connector
                .connect(address)
                .thenCompose(connection -> connection.info().thenApply(info -> {
                    if (info.size() != size) {
                        connection.close();
                        return ReplicaMember.unreachable(
                                address, "replica size " + info.size() + " differs from volume size " + size);
                    }
                    return new ReplicaMember(address, connection, ReplicaMode.RW);
                }))
                .exceptionally(
                        failure -> ReplicaMember.unreachable(address, "cannot reach replica: " + rootMessage(failure)));
    }

    private void watch(ReplicaMember member) {
        if (member.connection() != null) {
            member.connection()
                    .onFailure(failure -> failReplica(member, "replica connection failed: " + rootMessage(failure)));
        }
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
        return members.stream().map(ReplicaMember::status).toList();
    }

    /** Called with the replica's new status whenever a replica is failed. */
    public void onReplicaFailed(Consumer<ReplicaStatus> listener) {
        failureListeners.add(listener);
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        long start = System.nanoTime();
        CompletableFuture<ByteBuf> result = checkRange(offset, length)
                .thenCompose(ok -> fromAnyReadable(connection -> connection.read(offset, length)));
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
            result = toEveryWriter(connection -> connection.write(offset, data.retainedDuplicate()));
            data.release();
            if (fua) {
                result = result.thenCompose(ok -> toEveryWriter(ReplicaConnection::flush));
            }
        }
        return recorded(result, OpKind.WRITE, length, start);
    }

    @Override
    public CompletableFuture<Void> trim(long offset, long length, boolean fua) {
        long start = System.nanoTime();
        CompletableFuture<Void> result = checkRange(offset, length)
                .thenCompose(ok -> toEveryWriter(connection -> connection.unmap(offset, length)));
        if (fua) {
            result = result.thenCompose(ok -> toEveryWriter(ReplicaConnection::flush));
        }
        return recorded(result, OpKind.TRIM, length, start);
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean noHole, boolean fua) {
        long start = System.nanoTime();
        CompletableFuture<Void> result = checkRange(offset, length)
                .thenCompose(ok -> noHole
                        ? writeZeroChunks(offset, offset + length)
                        : toEveryWriter(connection -> connection.unmap(offset, length)));
        if (fua) {
            result = result.thenCompose(ok -> toEveryWriter(ReplicaConnection::flush));
        }
        return recorded(result, OpKind.WRITE_ZEROES, length, start);
    }

    private CompletableFuture<Void> writeZeroChunks(long from, long to) {
        if (from >= to) {
            return CompletableFuture.completedFuture(null);
        }
        int chunk = (int) Math.min(ZERO_CHUNK, to - from);
        return toEveryWriter(connection -> connection.write(from, Unpooled.wrappedBuffer(ZEROS, 0, chunk)))
                .thenCompose(ok -> writeZeroChunks(from + chunk, to));
    }

    @Override
    public CompletableFuture<Void> flush() {
        long start = System.nanoTime();
        return recorded(toEveryWriter(ReplicaConnection::flush), OpKind.FLUSH, 0, start);
    }

    @Override
    public CompletableFuture<List<Extent>> extents(long offset, long length) {
        long start = System.nanoTime();
        CompletableFuture<List<Extent>> result = checkRange(offset, length)
                .thenCompose(ok -> fromAnyReadable(connection -> connection.extents(offset, length)));
        return recorded(result, OpKind.BLOCK_STATUS, 0, start);
    }

    /** Sends one mutation to every replica that takes writes and applies the failure rules. */
    private CompletableFuture<Void> toEveryWriter(Function<ReplicaConnection, CompletableFuture<Void>> action) {
        List<ReplicaMember> writers = new ArrayList<>(members.size());
        boolean anyReadable = false;
        for (ReplicaMember member : members) {
            if (member.takesWrites()) {
                writers.add(member);
                anyReadable |= member.servesReads();
            }
        }
        if (!anyReadable) {
            return CompletableFuture.failedFuture(noHealthyReplica());
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
                    settle(List.of(outcomes), result);
                }
            });
        }
        return result;
    }

    private static <T> CompletableFuture<T> send(
            ReplicaMember member, Function<ReplicaConnection, CompletableFuture<T>> action) {
        try {
            return action.apply(member.connection());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void settle(List<Outcome> outcomes, CompletableFuture<Void> result) {
        Verdict verdict;
        List<ReplicaMember> newlyFailed = new ArrayList<>();
        synchronized (membership) {
            verdict = FanOutVerdict.decide(outcomes);
            for (Outcome failed : verdict.toFail()) {
                if (failed.member().fail("write failed: " + rootMessage(failed.failure()))) {
                    newlyFailed.add(failed.member());
                }
            }
        }
        newlyFailed.forEach(this::afterFailure); // outside the lock: closing completes other futures
        if (verdict.succeeded()) {
            result.complete(null);
        } else {
            result.completeExceptionally(new BlockIoException(verdict.clientError(), verdict.clientMessage()));
        }
    }

    /** Tries RW replicas round-robin until one answers; a replica that fails is failed. */
    private <T> CompletableFuture<T> fromAnyReadable(Function<ReplicaConnection, CompletableFuture<T>> action) {
        List<ReplicaMember> readable =
                members.stream().filter(ReplicaMember::servesReads).toList();
        if (readable.isEmpty()) {
            return CompletableFuture.failedFuture(noHealthyReplica());
        }
        int first = Math.floorMod(readCursor.getAndIncrement(), readable.size());
        return attemptRead(readable, first, 0, action);
    }

    private <T> CompletableFuture<T> attemptRead(
            List<ReplicaMember> readable,
            int first,
            int attempt,
            Function<ReplicaConnection, CompletableFuture<T>> action) {
        if (attempt == readable.size()) {
            return CompletableFuture.failedFuture(noHealthyReplica());
        }
        ReplicaMember member = readable.get((first + attempt) % readable.size());
        if (!member.servesReads()) {
            return attemptRead(readable, first, attempt + 1, action);
        }
        return send(member, action)
                .handle((value, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    if (BlockIoException.classify(failure) == IoError.INVALID) {
                        return CompletableFuture.<T>failedFuture(failure);
                    }
                    failReplica(member, "read failed: " + rootMessage(failure));
                    return attemptRead(readable, first, attempt + 1, action);
                })
                .thenCompose(Function.identity());
    }

    private void failReplica(ReplicaMember member, String reason) {
        boolean changed;
        synchronized (membership) {
            changed = member.fail(reason);
        }
        if (changed) {
            afterFailure(member);
        }
    }

    private void afterFailure(ReplicaMember member) {
        log.warn(
                "volume {}: replica {} is now ERR: {}",
                name,
                member.address(),
                member.failureReason().orElse(""));
        if (member.connection() != null) {
            member.connection().close();
        }
        ReplicaStatus status = member.status();
        failureListeners.forEach(listener -> listener.accept(status));
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

    private BlockIoException noHealthyReplica() {
        return new BlockIoException(IoError.IO, "volume " + name + " has no healthy replica");
    }

    static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        for (ReplicaMember member : members) {
            if (member.connection() != null) {
                member.connection().close();
            }
        }
    }
}
