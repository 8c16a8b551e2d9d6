package dev.corral.engine.replica.client;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.wire.DoneResponse;
import dev.corral.engine.wire.ErrorResponse;
import dev.corral.engine.wire.ExtentsResponse;
import dev.corral.engine.wire.InfoResponse;
import dev.corral.engine.wire.Opcode;
import dev.corral.engine.wire.PayloadResponse;
import dev.corral.engine.wire.ReadRequest;
import dev.corral.engine.wire.ReadResponse;
import dev.corral.engine.wire.Request;
import dev.corral.engine.wire.Response;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * A request from the moment a caller makes it until its answer, failure or timeout. It is also
 * the task that hands the request to its connection's event loop, so a request costs no extra
 * allocation for the thread hop.
 */
final class PendingRequest implements Runnable {
    private final ClientConnection connection;
    private final long id;
    private final Opcode op;
    private final int readLength;
    private final long startNanos;
    private final CompletableFuture<Object> future = new CompletableFuture<>();
    private Request unsent; // owned here until handed to the channel, which then releases its data

    PendingRequest(ClientConnection connection, Request request, long startNanos) {
        this.connection = connection;
        this.id = request.id();
        this.op = request.op();
        this.readLength = request instanceof ReadRequest read ? read.length() : 0;
        this.startNanos = startNanos;
        this.unsent = request;
    }

    @Override
    public void run() {
        connection.dispatch(this);
    }

    long id() {
        return id;
    }

    Opcode op() {
        return op;
    }

    long startNanos() {
        return startNanos;
    }

    CompletableFuture<Object> future() {
        return future;
    }

    /** The request for the channel; from here on the channel owns (and releases) its data. */
    Request takeRequest() {
        Request request = unsent;
        unsent = null;
        return request;
    }

    /** Fails the request, releasing its data when it never reached the channel. */
    void fail(Throwable failure) {
        Request request = takeRequest();
        if (request != null) {
            ReferenceCountUtil.release(request);
        }
        future.completeExceptionally(failure);
    }

    /**
     * Completes from the matching answer. Returns false, having released the answer, when it
     * cannot be the answer to this request (a broken replica).
     */
    boolean complete(Response response, String address) {
        return switch (response) {
            case ReadResponse read -> {
                if (op != Opcode.READ || read.data().readableBytes() != readLength) {
                    read.release();
                    yield false;
                }
                if (!future.complete(read.data())) {
                    read.release(); // the caller cancelled; nobody else will release it
                }
                yield true;
            }
            case PayloadResponse payload -> {
                if (payload.op() != op) {
                    payload.release();
                    yield false;
                }
                if (!future.complete(payload.data())) {
                    payload.release(); // the caller cancelled; nobody else will release it
                }
                yield true;
            }
            case DoneResponse done -> completeIf(done.op() == op, null);
            case InfoResponse info -> completeIf(op == Opcode.INFO, info.info());
            case ExtentsResponse extents -> completeIf(op == Opcode.EXTENTS, extents.extents());
            case ErrorResponse error -> {
                future.completeExceptionally(
                        new BlockIoException(error.error(), "replica " + address + ": " + error.message()));
                yield true;
            }
        };
    }

    private boolean completeIf(boolean fits, Object value) {
        if (fits) {
            future.complete(value);
        }
        return fits;
    }
}
