package dev.corral.engine.replica.server;

import dev.corral.engine.replica.LayerSource;
import dev.corral.engine.replica.RebuildTarget;
import dev.corral.engine.replica.SnapshotTree;
import dev.corral.engine.wire.DoneResponse;
import dev.corral.engine.wire.LayerCodec;
import dev.corral.engine.wire.LayerRequest;
import dev.corral.engine.wire.Opcode;
import dev.corral.engine.wire.PayloadResponse;
import dev.corral.engine.wire.Request;
import dev.corral.engine.wire.Response;
import dev.corral.engine.wire.TreeRequest;
import dev.corral.engine.wire.WriteLayerRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The roles of a store with layer files (its snapshot tree and both ends of a rebuild), and the
 * answers to their requests.
 */
final class LayerRequests {
    /** A store call whose result (a payload response, or null for DONE) answers the request. */
    interface Answer {
        Response run() throws IOException;
    }

    private final SnapshotTree tree;
    private final LayerSource source;
    private final RebuildTarget target;

    LayerRequests(SnapshotTree tree, LayerSource source, RebuildTarget target) {
        this.tree = tree;
        this.source = source;
        this.target = target;
    }

    SnapshotTree tree() {
        return tree;
    }

    RebuildTarget target() {
        return target;
    }

    /** Runs {@code answer}; failures become the error answer, null becomes DONE. */
    static Response run(Request request, Answer answer) {
        try {
            Response response = answer.run();
            return response != null ? response : new DoneResponse(request.id(), request.op());
        } catch (IOException | RuntimeException e) {
            return StoreFailures.toResponse(request.id(), request.op(), e);
        }
    }

    /** The payload answer to a READ_LAYER, LAYER_EXTENTS, LAYER_DIGESTS, LAYER_SUMMARY or LIST_LAYERS. */
    Response answer(ByteBufAllocator alloc, Request request) {
        return run(request, () -> {
            ByteBuf payload = alloc.ioBuffer();
            try {
                switch (request) {
                    case LayerRequest layer -> fill(payload, layer);
                    case TreeRequest listing
                    when listing.op() == Opcode.LIST_LAYERS -> LayerCodec.writeLayers(payload, tree.layers());
                    default -> throw new IllegalStateException(request.op() + " has no payload answer");
                }
                return new PayloadResponse(request.id(), request.op(), payload);
            } catch (IOException | RuntimeException e) {
                payload.release();
                throw e;
            }
        });
    }

    private void fill(ByteBuf payload, LayerRequest request) throws IOException {
        switch (request.op()) {
            case READ_LAYER -> {
                int length = (int) request.length();
                payload.ensureWritable(length);
                source.readLayer(request.name(), request.offset(), payload.internalNioBuffer(0, length));
                payload.writerIndex(length);
            }
            case LAYER_EXTENTS ->
                LayerCodec.writeExtents(
                        payload, source.layerExtents(request.name(), request.offset(), request.length()));
            case LAYER_DIGESTS ->
                LayerCodec.writeDigests(
                        payload, source.layerDigests(request.name(), request.offset(), request.length()));
            case LAYER_SUMMARY -> LayerCodec.writeSummary(payload, source.layerSummary(request.name()));
            default -> throw new IllegalStateException(request.op() + " has no payload answer");
        }
    }

    /** WRITE_LAYER runs inline, like WRITE: the data is in the page cache when it is answered. */
    Response writeLayer(WriteLayerRequest request) {
        ByteBuf data = request.data();
        try {
            ByteBuffer view = data.nioBufferCount() == 1
                    ? data.internalNioBuffer(data.readerIndex(), data.readableBytes())
                    : data.nioBuffer();
            target.writeLayer(request.name(), request.offset(), view);
            return new DoneResponse(request.id(), Opcode.WRITE_LAYER);
        } catch (IOException | RuntimeException e) {
            return StoreFailures.toResponse(request.id(), Opcode.WRITE_LAYER, e);
        } finally {
            data.release();
        }
    }
}
