package dev.corral.engine.replica.server;

import dev.corral.engine.wire.LayerRequest;
import dev.corral.engine.wire.Opcode;
import dev.corral.engine.wire.ReadRequest;
import dev.corral.engine.wire.Request;
import dev.corral.engine.wire.WireFormat;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The in-flight cap of one connection: the bytes of answers queued for its client (written but not
 * yet taken by the socket) plus the largest answers its running disk operations may still produce
 * never exceed {@code maxQueuedAnswerBytes}. A decoded request is served only when its largest
 * possible answer fits; otherwise it waits here, in arrival order, with every request decoded after
 * it, and the socket is not read until the client has taken enough answers. Checking before
 * serving (rather than pausing the socket once the queue is over a mark) is what holds the cap: one
 * socket read may hold many pipelined 36-byte READs, each asking for 32 MiB.
 *
 * <p>The channel's high water mark is the cap minus the largest answer, so whenever a request
 * waits either a disk operation is running (its completion retries) or the channel is unwritable
 * (its writability change retries). Event loop only.
 */
final class AnswerBudget {
    /** With this many disk-waiting operations running for a connection, later requests wait. */
    static final int MAX_PENDING_SYNC_OPS = 64;

    private final long maxQueuedBytes;
    private final int maxDataBytes;
    private final LongAccumulator peak;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private long reservedBytes; // for the answers of running disk operations
    private int pendingSyncOps;

    /** {@code peak}: where the largest queue of any connection is recorded (server-wide). */
    AnswerBudget(long maxQueuedBytes, int maxDataBytes, LongAccumulator peak) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxDataBytes = maxDataBytes;
        this.peak = peak;
    }

    /** True when {@code message} may be served now: nothing waits before it and its answer fits. */
    boolean admits(Channel channel, Object message) {
        return waiting.isEmpty() && fits(channel, message);
    }

    /** Holds a message that may not be served yet; the caller stops reading the socket. */
    void hold(Object message) {
        waiting.add(message);
    }

    /** The next waiting message whose answer now fits, removed from the queue; null if none. */
    Object nextAdmitted(Channel channel) {
        Object next = waiting.peek();
        return next != null && fits(channel, next) ? waiting.poll() : null;
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Keeps room for the answer of a disk operation that starts now; returns what was kept. */
    long startSyncOp(Request request) {
        long bound = answerBound(request);
        reservedBytes += bound;
        pendingSyncOps++;
        return bound;
    }

    /** Gives back a finished disk operation's room, before its answer is written. */
    void finishSyncOp(long reserved) {
        reservedBytes -= reserved;
        pendingSyncOps--;
    }

    /** Whether the socket should be read: nothing waits, disk operations are few, the client reads. */
    boolean shouldRead(Channel channel) {
        return waiting.isEmpty() && pendingSyncOps < MAX_PENDING_SYNC_OPS && channel.isWritable();
    }

    boolean syncOpsRunning() {
        return pendingSyncOps > 0;
    }

    /** Records the connection's queue after an answer was written. */
    void recordQueue(Channel channel) {
        peak.accumulate(queuedBytes(channel));
    }

    /** Releases whatever still waits (the connection is gone). */
    void releaseWaiting() {
        Object message;
        while ((message = waiting.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    private boolean fits(Channel channel, Object message) {
        boolean syncOpRoom = pendingSyncOps < MAX_PENDING_SYNC_OPS;
        return syncOpRoom && queuedBytes(channel) + answerBound(message) <= maxQueuedBytes;
    }

    private long queuedBytes(Channel channel) {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return reservedBytes + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    /** The largest answer frame {@code message} may get, an error included. */
    private long answerBound(Object message) {
        long payload = switch (message) {
            case ReadRequest read -> read.length();
            case LayerRequest layer when layer.op() == Opcode.READ_LAYER -> layer.length();
            case Request request -> WireFormat.payloadLimit(request.op(), maxDataBytes);
            default -> 0; // a refused frame: answered with an error only
        };
        return WireFormat.RESPONSE_HEADER_BYTES + Math.max(payload, WireFormat.MAX_ERROR_MESSAGE_BYTES);
    }
}
