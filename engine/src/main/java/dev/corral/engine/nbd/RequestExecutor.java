package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs the decoded requests of one connection against its device. Requests run concurrently and
 * are answered in the order the device completes them. Admission is capped by an {@link
 * InFlightLimiter}: requests beyond the cap wait here, and the socket is not read while any wait,
 * while the cap is reached, or while the outbound buffer is above its high-water mark. All state
 * is confined to the event loop; device completions on other threads hop onto it before replying.
 */
final class RequestExecutor extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestExecutor.class);

    private final TransmissionSession session;
    private final BlockDevice device;
    private final InFlightLimiter limiter;
    private final ArrayDeque<NbdRequest> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ReplyWriter replies;
    private boolean draining;
    private boolean disconnectRequested;
    private boolean closed;

    RequestExecutor(TransmissionSession session, int maxInFlightRequests, long maxInFlightBytes) {
        this.session = session;
        this.device = session.device();
        this.limiter = new InFlightLimiter(maxInFlightRequests, maxInFlightBytes);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.replies = new ReplyWriter(ctx, session.structuredReplies());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof NbdRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closed) {
            request.releasePayload();
            return;
        }
        if (request.command() == NbdCommand.DISC) {
            // Outstanding requests (running or waiting) are still answered before closing.
            disconnectRequested = true;
        } else {
            waiting.add(request);
            drain();
        }
        updateAutoRead();
        closeIfDisconnected();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        NbdRequest request;
        while ((request = waiting.poll()) != null) {
            request.releasePayload();
        }
        ctx.fireChannelInactive();
    }

    /** Connection resets are routine; anything else is a bug worth a warning. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.atLevel(cause instanceof IOException ? Level.DEBUG : Level.WARN)
                .setCause(cause)
                .log("NBD connection {} of export {} failed", ctx.channel().remoteAddress(), session.exportName());
        ctx.close();
    }

    /** Starts waiting requests while the limiter admits them; re-entrant calls are no-ops. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!waiting.isEmpty() && limiter.tryAcquire(waiting.peek().bufferedBytes())) {
                execute(waiting.poll());
            }
        } finally {
            draining = false;
        }
    }

    private void execute(NbdRequest request) {
        RequestValidator.Rejection rejection = RequestValidator.check(request, session, device.size());
        if (rejection != null) {
            request.releasePayload();
            finish(request, null, null, rejection);
            return;
        }
        Completion completion = new Completion(request);
        CompletableFuture<?> result;
        try {
            result = switch (request.command()) {
                case READ -> read(request);
                case WRITE -> device.write(request.offset(), request.payload(), fua(request));
                case FLUSH -> device.flush();
                case TRIM ->
                    request.length() == 0
                            ? CompletableFuture.completedFuture(null)
                            : device.trim(request.offset(), request.length(), fua(request));
                case WRITE_ZEROES ->
                    request.length() == 0
                            ? CompletableFuture.completedFuture(null)
                            : device.writeZeroes(
                                    request.offset(),
                                    request.length(),
                                    request.hasFlag(NbdProtocol.CMD_FLAG_NO_HOLE),
                                    fua(request));
                // There is no cache in front of the device to warm; the range has been checked.
                case CACHE -> CompletableFuture.completedFuture(null);
                case BLOCK_STATUS -> device.extents(request.offset(), request.length());
                case DISC, UNKNOWN -> throw new IllegalStateException(request.command() + " is never executed");
            };
        } catch (RuntimeException e) {
            // A device that throws instead of failing its future; WRITE's payload was handed over.
            completion.accept(null, e);
            return;
        }
        result.whenComplete(completion);
    }

    private CompletableFuture<?> read(NbdRequest request) {
        int length = (int) request.length();
        if (length == 0) {
            return CompletableFuture.completedFuture(Unpooled.EMPTY_BUFFER);
        }
        if (session.structuredReplies()
                && !request.hasFlag(NbdProtocol.CMD_FLAG_DF)
                && length >= SparseRead.MIN_LENGTH) {
            return SparseRead.read(device, request.offset(), length);
        }
        return device.read(request.offset(), length);
    }

    private static boolean fua(NbdRequest request) {
        return request.hasFlag(NbdProtocol.CMD_FLAG_FUA);
    }

    /**
     * Replies to a finished request, on the event loop. {@code result} is what the device returned:
     * a ByteBuf or a list of {@link ReadChunk}s for READ, extents for BLOCK_STATUS, otherwise nothing.
     */
    @SuppressWarnings("unchecked")
    private void finish(NbdRequest request, Object result, Throwable failure, RequestValidator.Rejection rejection) {
        limiter.release(request.bufferedBytes());
        if (closed || !ctx.channel().isActive()) {
            releaseResult(result);
        } else {
            if (rejection != null) {
                replies.error(request, rejection.error(), rejection.message());
            } else if (failure != null) {
                releaseResult(result);
                log.debug("{} on export {} failed", request.command(), session.exportName(), failure);
                replies.error(request, NbdErrors.errno(failure), NbdErrors.message(failure));
            } else {
                switch (request.command()) {
                    case READ -> {
                        if (result instanceof ByteBuf data) {
                            replies.read(request, data);
                        } else {
                            replies.readChunks(request, (List<ReadChunk>) result);
                        }
                    }
                    case BLOCK_STATUS ->
                        replies.blockStatus(
                                request,
                                session.allocationContextId(),
                                AllocationDescriptors.forRequest(
                                        (List<Extent>) result,
                                        request.offset(),
                                        request.length(),
                                        request.hasFlag(NbdProtocol.CMD_FLAG_REQ_ONE)));
                    default -> replies.success(request);
                }
            }
            ctx.flush();
        }
        drain();
        updateAutoRead();
        closeIfDisconnected();
    }

    private static void releaseResult(Object result) {
        if (result instanceof ByteBuf data) {
            data.release();
        } else if (result instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof ReadChunk.Data chunk) {
                    chunk.data().release();
                }
            }
        }
    }

    private void updateAutoRead() {
        boolean read = !closed
                && !disconnectRequested
                && waiting.isEmpty()
                && !limiter.saturated()
                && ctx.channel().isWritable();
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    /** After NBD_CMD_DISC: close once every earlier request has been answered and sent. */
    private void closeIfDisconnected() {
        if (disconnectRequested && !closed && waiting.isEmpty() && limiter.idle()) {
            closed = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The device's answer to one request, carried onto the event loop: one object serves as both
     * the future's callback and, when the device completes on another thread, the task.
     */
    private final class Completion implements BiConsumer<Object, Throwable>, Runnable {
        private final NbdRequest request;
        private Object result;
        private Throwable failure;

        Completion(NbdRequest request) {
            this.request = request;
        }

        @Override
        public void accept(Object result, Throwable failure) {
            this.result = result;
            this.failure = failure;
            if (ctx.executor().inEventLoop()) {
                run();
                return;
            }
            try {
                ctx.executor().execute(this);
            } catch (RejectedExecutionException e) {
                // The server is shutting down and the connection with it; nobody will read a reply.
                releaseResult(result);
            }
        }

        @Override
        public void run() {
            Throwable outcome = failure;
            boolean needsResult = request.command() == NbdCommand.READ || request.command() == NbdCommand.BLOCK_STATUS;
            if (outcome == null && result == null && needsResult) {
                outcome =
                        new BlockIoException(IoError.IO, "device completed " + request.command() + " without a result");
            }
            try {
                finish(request, result, outcome, null);
            } catch (RuntimeException e) {
                // Thrown inside a future's callback it would vanish and leave the client waiting.
                ctx.fireExceptionCaught(e);
            }
        }
    }
}
