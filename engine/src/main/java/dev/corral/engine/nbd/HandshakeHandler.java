package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The fixed newstyle handshake of one connection as an explicit state machine: greeting, client
 * flags, then options until one enters transmission. Option data is buffered only after its length
 * has been checked; longer options are skipped byte by byte and refused. On entering transmission
 * the handler installs the transmission handlers behind itself and removes itself, which hands any
 * bytes the client already sent on to them.
 */
final class HandshakeHandler extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    /** Largest option data buffered; generous for GO (4 KiB name) and meta-context queries. */
    static final int MAX_OPTION_DATA = 64 * 1024;

    /**
     * A client still haggling after this many options is treated as a denial of service, which
     * the spec allows to end with a hard disconnect.
     */
    static final int MAX_OPTIONS = 1024;

    private static final int OPTION_HEADER_LENGTH = 16;

    private enum State {
        CLIENT_FLAGS,
        OPTION_HEADER,
        OPTION_DATA,
        SKIPPING_OPTION_DATA,
        FINISHED
    }

    private final OptionNegotiator negotiator;
    private final Optional<SslContext> tls;
    private final TransmissionInstaller transmission;
    private final Duration timeout;
    private State state = State.CLIENT_FLAGS;
    private boolean fixedNewstyle;
    private int option;
    private long optionLength;
    private long bytesToSkip;
    private int optionCount;
    private ScheduledFuture<?> timeoutTask;

    /** Puts the transmission-phase handlers into the pipeline behind the handshake handler. */
    @FunctionalInterface
    interface TransmissionInstaller {
        void install(ChannelHandlerContext handshakeContext, TransmissionSession session);
    }

    /** @param tls when present, the server demands TLS (STARTTLS) before anything else */
    HandshakeHandler(
            ExportRegistry exports, Duration timeout, Optional<SslContext> tls, TransmissionInstaller transmission) {
        this.negotiator = new OptionNegotiator(exports, tls.isPresent());
        this.tls = tls;
        this.timeout = timeout;
        this.transmission = transmission;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(OptionReplies.greeting(ctx.alloc()));
        timeoutTask = ctx.executor().schedule(() -> timedOut(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
    }

    /**
     * Runs the state machine while it makes progress. A step can finish without consuming a byte
     * (an option with no data), so this loops on progress, not on readable input.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean progressed;
        do {
            progressed = switch (state) {
                case CLIENT_FLAGS -> readClientFlags(ctx, in);
                case OPTION_HEADER -> readOptionHeader(ctx, in);
                case OPTION_DATA -> readOptionData(ctx, in);
                case SKIPPING_OPTION_DATA -> skipOptionData(ctx, in);
                case FINISHED -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
            };
        } while (progressed);
    }

    private boolean readClientFlags(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 4) {
            return false;
        }
        int flags = in.readInt();
        if ((flags & ~NbdProtocol.KNOWN_CLIENT_FLAGS) != 0) {
            close(ctx, "unknown client flags 0x" + Integer.toHexString(flags));
            return false;
        }
        fixedNewstyle = (flags & NbdProtocol.CLIENT_FLAG_FIXED_NEWSTYLE) != 0;
        negotiator.clientFlags(flags);
        state = State.OPTION_HEADER;
        return true;
    }

    private boolean readOptionHeader(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < OPTION_HEADER_LENGTH) {
            return false;
        }
        long magic = in.readLong();
        option = in.readInt();
        optionLength = in.readUnsignedInt();
        if (magic != NbdProtocol.IHAVEOPT) {
            close(ctx, "bad option magic 0x" + Long.toHexString(magic));
        } else if (++optionCount > MAX_OPTIONS) {
            close(ctx, "more than " + MAX_OPTIONS + " options");
        } else if (!fixedNewstyle && option != NbdProtocol.OPT_EXPORT_NAME) {
            // A plain newstyle client cannot parse option replies; EXPORT_NAME is all it may send.
            close(ctx, "option " + option + " from a client without fixed newstyle");
        } else if (optionLength <= MAX_OPTION_DATA) {
            state = State.OPTION_DATA;
        } else if (option == NbdProtocol.OPT_EXPORT_NAME) {
            close(ctx, "export name of " + optionLength + " bytes");
        } else {
            bytesToSkip = optionLength;
            state = State.SKIPPING_OPTION_DATA;
        }
        return state != State.FINISHED;
    }

    private boolean readOptionData(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < optionLength) {
            return false;
        }
        ByteBuf data = in.readSlice((int) optionLength);
        state = State.OPTION_HEADER;
        OptionOutcome outcome = negotiator.handle(ctx, option, data);
        switch (outcome) {
            case OptionOutcome.Continue ignored -> ctx.flush();
            case OptionOutcome.Close ignored -> close(ctx, "option " + option + " ended the session");
            case OptionOutcome.StartTls ignored -> startTls(ctx);
            case OptionOutcome.EnterTransmission enter -> {
                ctx.flush();
                state = State.FINISHED;
                transmission.install(ctx, enter.session());
                ctx.pipeline().remove(this);
            }
        }
        return state != State.FINISHED;
    }

    /**
     * TLS goes in at the head of the pipeline before the ACK is written; in STARTTLS mode the
     * handler lets its first write (the ACK) pass in plain text and encrypts everything after. A
     * client sends nothing more until it has the ACK, so every byte read from here on is TLS.
     */
    private void startTls(ChannelHandlerContext ctx) {
        SslContext context = tls.orElseThrow();
        ctx.pipeline().addFirst("tls", new SslHandler(context.newEngine(ctx.alloc()), true));
        OptionReplies.ack(ctx, NbdProtocol.OPT_STARTTLS);
        ctx.flush();
    }

    private boolean skipOptionData(ChannelHandlerContext ctx, ByteBuf in) {
        int skipped = (int) Math.min(bytesToSkip, in.readableBytes());
        in.skipBytes(skipped);
        bytesToSkip -= skipped;
        if (bytesToSkip > 0) {
            return false;
        }
        state = State.OPTION_HEADER;
        negotiator.tooBig(ctx, option, optionLength, MAX_OPTION_DATA);
        ctx.flush();
        return true;
    }

    /** A hard close: the client may not even be reading, so nothing is left to flush first. */
    private void timedOut(ChannelHandlerContext ctx) {
        state = State.FINISHED;
        log.debug(
                "closing NBD handshake with {}: not finished within {}",
                ctx.channel().remoteAddress(),
                timeout);
        ctx.close();
    }

    /** Ends the session once everything written so far (e.g. an ABORT's ACK) has been sent. */
    private void close(ChannelHandlerContext ctx, String reason) {
        if (state == State.FINISHED) {
            return;
        }
        state = State.FINISHED;
        log.debug("closing NBD handshake with {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Connection resets are routine, and so is a client the TLS handshake refused (no certificate,
     * another authority's): one line for the operator. Anything else is a bug worth a warning.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException refused) {
            log.info("NBD client {} refused by TLS: {}", ctx.channel().remoteAddress(), refused.getMessage());
            ctx.close();
            return;
        }
        log.atLevel(cause instanceof IOException ? Level.DEBUG : Level.WARN)
                .setCause(cause)
                .log("NBD handshake with {} failed", ctx.channel().remoteAddress());
        ctx.close();
    }
}
