package dev.corral.engine.replica.server;

import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.ActiveChain;
import dev.corral.engine.replica.BlockStore;
import dev.corral.engine.replica.ReplicaStore;
import dev.corral.engine.wire.DoneResponse;
import dev.corral.engine.wire.ErrorResponse;
import dev.corral.engine.wire.ExtentsRequest;
import dev.corral.engine.wire.ExtentsResponse;
import dev.corral.engine.wire.FlushRequest;
import dev.corral.engine.wire.GrowRequest;
import dev.corral.engine.wire.InfoRequest;
import dev.corral.engine.wire.InfoResponse;
import dev.corral.engine.wire.LayerRequest;
import dev.corral.engine.wire.MalformedRequest;
import dev.corral.engine.wire.Opcode;
import dev.corral.engine.wire.PingRequest;
import dev.corral.engine.wire.PrepareRebuildRequest;
import dev.corral.engine.wire.ReadRequest;
import dev.corral.engine.wire.ReadResponse;
import dev.corral.engine.wire.Request;
import dev.corral.engine.wire.Response;
import dev.corral.engine.wire.SnapshotRequest;
import dev.corral.engine.wire.TreeRequest;
import dev.corral.engine.wire.UnmapRequest;
import dev.corral.engine.wire.WriteLayerRequest;
import dev.corral.engine.wire.WriteRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one connection, each from the store role it belongs to. Page-cache
 * operations run inline on the event loop, which is cheaper than a thread hand-off; operations
 * that wait for the disk (flush, snapshot, grow) run on the sync executor and answer when done, so
 * later requests overtake them. Requests in flight together are unordered, as in NBD: a client
 * that needs a write to land after a snapshot waits for the snapshot's answer first.
 */
final class ReplicaRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRequestHandler.class);

    private final BlockStore blocks;
    private final ActiveChain chain;
    private final Optional<LayerRequests> layers; // empty when the store keeps no layer files
    private final Executor syncExecutor;
    private final AnswerBudget budget; // event loop only

    ReplicaRequestHandler(ServedStore served, Executor syncExecutor, AnswerBudget budget) {
        this.blocks = served.blocks();
        this.chain = served.chain();
        this.layers = switch (served) {
            case ServedStore.Whole(ReplicaStore store) -> Optional.of(new LayerRequests(store, store, store));
            case ServedStore.WithoutLayers without -> Optional.empty();
        };
        this.syncExecutor = syncExecutor;
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (budget.admits(ctx.channel(), msg)) {
            dispatch(ctx, msg);
        } else {
            budget.hold(msg);
        }
        updateAutoRead(ctx);
    }

    /** Serves the requests that waited for room, as far as their answers now fit. */
    private void serveWaiting(ChannelHandlerContext ctx) {
        Object next;
        while ((next = budget.nextAdmitted(ctx.channel())) != null) {
            dispatch(ctx, next);
        }
        updateAutoRead(ctx);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Request request -> serve(ctx, request);
            case MalformedRequest malformed -> refuse(ctx, malformed);
            default -> {
                ReferenceCountUtil.release(msg);
                throw new IllegalStateException("unexpected message " + msg.getClass());
            }
        }
    }

    private void serve(ChannelHandlerContext ctx, Request request) {
        switch (request) {
            case ReadRequest read -> reply(ctx, read(ctx, read));
            case WriteRequest write -> reply(ctx, write(write));
            case UnmapRequest unmap -> reply(ctx, unmap(unmap));
            case PingRequest ping -> reply(ctx, new DoneResponse(ping.id(), Opcode.PING));
            case InfoRequest info -> reply(ctx, info(info));
            case ExtentsRequest extents -> reply(ctx, extents(extents));
            case FlushRequest flush -> runOffLoop(ctx, flush, blocks::flush);
            case SnapshotRequest snapshot ->
                runOffLoop(ctx, snapshot, () -> chain.snapshot(snapshot.name(), snapshot.userCreated()));
            case GrowRequest grow -> runOffLoop(ctx, grow, () -> chain.grow(grow.newSize()));
            case LayerRequest layer ->
                layers.ifPresentOrElse(l -> serveLayer(ctx, l, layer), () -> refuseWithoutLayers(ctx, layer));
            case TreeRequest tree ->
                layers.ifPresentOrElse(l -> serveTree(ctx, l, tree), () -> refuseWithoutLayers(ctx, tree));
            case WriteLayerRequest write ->
                layers.ifPresentOrElse(l -> reply(ctx, l.writeLayer(write)), () -> {
                    write.release();
                    refuseWithoutLayers(ctx, write);
                });
            case PrepareRebuildRequest prepare ->
                layers.ifPresentOrElse(
                        l -> runOffLoop(ctx, prepare, () -> l.target().prepareRebuild(prepare.chain())),
                        () -> refuseWithoutLayers(ctx, prepare));
        }
    }

    private void refuseWithoutLayers(ChannelHandlerContext ctx, Request request) {
        reply(
                ctx,
                new ErrorResponse(
                        request.id(), IoError.NOT_SUPPORTED, request.op() + " needs a store with layer files"));
    }

    /**
     * Reads of one layer and small queries run inline like READ; anything that scans a whole layer,
     * punches or rewrites metadata waits for the disk, so it runs on the sync executor.
     */
    private void serveLayer(ChannelHandlerContext ctx, LayerRequests layers, LayerRequest request) {
        switch (request.op()) {
            case READ_LAYER, LAYER_EXTENTS -> reply(ctx, layers.answer(ctx.alloc(), request));
            case LAYER_DIGESTS, LAYER_SUMMARY -> runOffLoop(ctx, request, () -> layers.answer(ctx.alloc(), request));
            case PUNCH_LAYER ->
                runOffLoop(ctx, request, () -> {
                    layers.target().punchLayer(request.name(), request.offset(), request.length());
                    return null;
                });
            case REMOVE_SNAPSHOT -> runOffLoop(ctx, request, () -> layers.tree().removeSnapshot(request.name()));
            case REVERT -> runOffLoop(ctx, request, () -> layers.tree().revert(request.name()));
            default ->
                reply(ctx, new ErrorResponse(request.id(), IoError.NOT_SUPPORTED, request.op() + " is no layer op"));
        }
    }

    private void serveTree(ChannelHandlerContext ctx, LayerRequests layers, TreeRequest request) {
        switch (request.op()) {
            case LIST_LAYERS -> runOffLoop(ctx, request, () -> layers.answer(ctx.alloc(), request));
            case PURGE -> runOffLoop(ctx, request, layers.tree()::purge);
            case FINISH_REBUILD -> runOffLoop(ctx, request, layers.target()::finishRebuild);
            default ->
                reply(ctx, new ErrorResponse(request.id(), IoError.NOT_SUPPORTED, request.op() + " is no tree op"));
        }
    }

    private void runOffLoop(ChannelHandlerContext ctx, Request request, LayerRequests.Answer answer) {
        long reserved = budget.startSyncOp(request);
        try {
            syncExecutor.execute(() -> {
                Response response = LayerRequests.run(request, answer);
                try {
                    ctx.executor().execute(() -> syncOpDone(ctx, response, reserved));
                } catch (RejectedExecutionException e) {
                    ReferenceCountUtil.release(response);
                    LOG.debug("connection's event loop is gone; dropping the answer to {}", request);
                }
            });
        } catch (RejectedExecutionException e) {
            syncOpDone(
                    ctx,
                    new ErrorResponse(request.id(), IoError.SHUTDOWN, "replica server is shutting down"),
                    reserved);
        }
    }

    private Response read(ChannelHandlerContext ctx, ReadRequest request) {
        ByteBuf data = ctx.alloc().ioBuffer(request.length());
        try {
            blocks.read(request.offset(), data.internalNioBuffer(0, request.length()));
            data.writerIndex(request.length());
            return new ReadResponse(request.id(), data);
        } catch (IOException | RuntimeException e) {
            data.release();
            return StoreFailures.toResponse(request.id(), Opcode.READ, e);
        }
    }

    private Response write(WriteRequest request) {
        ByteBuf data = request.data();
        try {
            blocks.write(request.offset(), nioView(data));
            return new DoneResponse(request.id(), Opcode.WRITE);
        } catch (IOException | RuntimeException e) {
            return StoreFailures.toResponse(request.id(), Opcode.WRITE, e);
        } finally {
            data.release();
        }
    }

    /** The readable bytes as one ByteBuffer; the buffer's reusable view when it has one (no garbage). */
    private static ByteBuffer nioView(ByteBuf data) {
        return data.nioBufferCount() == 1
                ? data.internalNioBuffer(data.readerIndex(), data.readableBytes())
                : data.nioBuffer();
    }

    private Response unmap(UnmapRequest request) {
        try {
            blocks.unmap(request.offset(), request.length());
            return new DoneResponse(request.id(), Opcode.UNMAP);
        } catch (IOException | RuntimeException e) {
            return StoreFailures.toResponse(request.id(), Opcode.UNMAP, e);
        }
    }

    private Response info(InfoRequest request) {
        try {
            return new InfoResponse(request.id(), chain.info());
        } catch (RuntimeException e) {
            return StoreFailures.toResponse(request.id(), Opcode.INFO, e);
        }
    }

    private Response extents(ExtentsRequest request) {
        try {
            return new ExtentsResponse(request.id(), blocks.extents(request.offset(), request.length()));
        } catch (IOException | RuntimeException e) {
            return StoreFailures.toResponse(request.id(), Opcode.EXTENTS, e);
        }
    }

    private void runOffLoop(ChannelHandlerContext ctx, Request request, StoreAction action) {
        long reserved = budget.startSyncOp(request);
        try {
            syncExecutor.execute(() -> {
                Response response = runStoreAction(request, action);
                try {
                    ctx.executor().execute(() -> syncOpDone(ctx, response, reserved));
                } catch (RejectedExecutionException e) {
                    LOG.debug("connection's event loop is gone; dropping the answer to {}", request);
                }
            });
        } catch (RejectedExecutionException e) {
            syncOpDone(
                    ctx,
                    new ErrorResponse(request.id(), IoError.SHUTDOWN, "replica server is shutting down"),
                    reserved);
        }
    }

    private static Response runStoreAction(Request request, StoreAction action) {
        try {
            action.run();
            return new DoneResponse(request.id(), request.op());
        } catch (IOException | RuntimeException e) {
            return StoreFailures.toResponse(request.id(), request.op(), e);
        }
    }

    private void syncOpDone(ChannelHandlerContext ctx, Response response, long reserved) {
        budget.finishSyncOp(reserved);
        reply(ctx, response);
        serveWaiting(ctx);
    }

    private void refuse(ChannelHandlerContext ctx, MalformedRequest malformed) {
        ErrorResponse error = new ErrorResponse(malformed.id(), malformed.error(), malformed.reason());
        if (malformed.fatal()) {
            LOG.warn("closing replica connection from {}: {}", ctx.channel().remoteAddress(), malformed.reason());
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        } else {
            LOG.debug(
                    "refused request {} from {}: {}",
                    malformed.id(),
                    ctx.channel().remoteAddress(),
                    malformed.reason());
            reply(ctx, error);
        }
    }

    /** Flushes are batched by the FlushConsolidationHandler in front of this handler. */
    private void reply(ChannelHandlerContext ctx, Response response) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(response, ctx.voidPromise());
            budget.recordQueue(ctx.channel());
        } else {
            ReferenceCountUtil.release(response);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        serveWaiting(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        budget.releaseWaiting();
    }

    /** Back-pressure: a client that does not read its answers, or floods disk operations, waits. */
    private void updateAutoRead(ChannelHandlerContext ctx) {
        boolean shouldRead = budget.shouldRead(ctx.channel());
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != shouldRead) {
            config.setAutoRead(shouldRead);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("replica connection from {} failed", ctx.channel().remoteAddress(), cause);
        } else {
            LOG.warn("replica connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
