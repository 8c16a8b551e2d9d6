package dev.corral.engine.replica.client;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.wire.ErrorResponse;
import dev.corral.engine.wire.PingRequest;
import dev.corral.engine.wire.Response;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection of a {@link ReplicaClient}. Everything but {@link #submit} runs on the
 * connection's event loop, so the in-flight map needs no locks. Requests are written as they come
 * and the socket is flushed once per batch: the flush is a task queued behind the requests already
 * waiting for the loop. Timeouts are found by one periodic sweep that also sends the pings.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    // Each sweep is a wake-up of the event loop even on an idle volume; a node hosting a hundred
    // volumes has hundreds of connections, so sweeps stay at a quarter of the shorter period up to
    // a second (a timeout of 8 s is seen by 9 s at the latest).
    private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReplicaClient client;
    private final EventLoop loop;
    private final long timeoutNanos;
    private final long pingIntervalNanos;
    private final LongObjectHashMap<PendingRequest> inFlight = new LongObjectHashMap<>();
    private final Runnable flushTask = this::flushNow;

    // Event loop only.
    private ChannelHandlerContext ctx;
    private boolean flushScheduled;
    private boolean closed;
    private ScheduledFuture<?> sweeper;
    private long lastPingNanos;

    ClientConnection(ReplicaClient client, EventLoop loop, ReplicaClientConfig config) {
        this.client = client;
        this.loop = loop;
        this.timeoutNanos = config.requestTimeout().toNanos();
        this.pingIntervalNanos = config.pingInterval().toNanos();
    }

    EventLoop loop() {
        return loop;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (closed) {
            ctx.close(); // the client died while this connection was still being set up
        }
    }

    /** Starts the timeout sweep and pings once connected. */
    void start() {
        try {
            loop.execute(this::startSweeping);
        } catch (RejectedExecutionException e) {
            client.fail(IoError.DISCONNECTED, "event loop of replica " + client.address() + " is shut down", e);
        }
    }

    private void startSweeping() {
        if (closed) {
            return;
        }
        lastPingNanos = System.nanoTime();
        // A quarter of the shorter period, kept within 1 ms..1 s: timeouts and pings are at most that late.
        long sweep = Math.clamp(Math.min(timeoutNanos, pingIntervalNanos) / 4, MIN_SWEEP_NANOS, MAX_SWEEP_NANOS);
        sweeper = loop.scheduleAtFixedRate(this::sweep, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    /** From any thread. */
    void submit(PendingRequest request) {
        if (loop.inEventLoop()) {
            dispatch(request);
            return;
        }
        try {
            loop.execute(request);
        } catch (RejectedExecutionException e) {
            request.fail(client.failureForNewRequests());
        }
    }

    void dispatch(PendingRequest request) {
        if (closed || client.isDead() || ctx == null || !ctx.channel().isActive()) {
            request.fail(client.failureForNewRequests());
            return;
        }
        inFlight.put(request.id(), request);
        // A failed write fires exceptionCaught, which fails the whole client.
        ctx.write(request.takeRequest(), ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            try {
                loop.execute(flushTask);
            } catch (RejectedExecutionException shuttingDown) {
                flushNow();
            }
        }
    }

    private void flushNow() {
        flushScheduled = false;
        if (!closed) {
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Response response)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        PendingRequest request = inFlight.remove(response.id());
        if (request == null) {
            ReferenceCountUtil.release(msg);
            client.fail(IoError.DISCONNECTED, unexpected(response), null);
            return;
        }
        if (!request.complete(response, client.address())) {
            String message = "replica " + client.address() + " answered " + request.op() + " request " + request.id()
                    + " with a " + response.getClass().getSimpleName();
            request.fail(new BlockIoException(IoError.DISCONNECTED, message));
            client.fail(IoError.DISCONNECTED, message, null);
        }
    }

    private String unexpected(Response response) {
        if (response instanceof ErrorResponse error) {
            return "replica " + client.address() + " refused the connection: " + error.message();
        }
        return "replica " + client.address() + " answered request " + response.id() + ", which is not in flight";
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        client.fail(IoError.DISCONNECTED, "connection to replica " + client.address() + " closed", null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.fail(IoError.DISCONNECTED, "connection to replica " + client.address() + " failed: " + cause, cause);
        ctx.close();
    }

    private void sweep() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (PendingRequest request : inFlight.values()) {
            if (now - request.startNanos() >= timeoutNanos) {
                client.fail(
                        IoError.TIMED_OUT,
                        "replica " + client.address() + " did not answer " + request.op() + " request " + request.id()
                                + " within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms",
                        null);
                return;
            }
        }
        if (now - lastPingNanos >= pingIntervalNanos) {
            lastPingNanos = now;
            dispatch(new PendingRequest(this, new PingRequest(client.nextId()), now));
        }
    }

    /**
     * Fails everything in flight with {@code failure} and closes the channel, on the event loop;
     * the result completes once that is done. Runs inline when the loop no longer takes tasks
     * (then nothing else touches the map any more).
     */
    CompletableFuture<Void> shutdown(BlockIoException failure) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable drain = () -> {
            failAll(failure);
            done.complete(null);
        };
        if (loop.inEventLoop()) {
            drain.run();
        } else {
            try {
                loop.execute(drain);
            } catch (RejectedExecutionException e) {
                drain.run();
            }
        }
        return done;
    }

    private void failAll(BlockIoException failure) {
        if (closed) {
            return;
        }
        closed = true;
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        PendingRequest[] pending = inFlight.values().toArray(new PendingRequest[0]);
        inFlight.clear();
        for (PendingRequest request : pending) {
            request.fail(failure);
        }
        if (ctx != null) {
            ctx.channel().close();
        }
    }
}
