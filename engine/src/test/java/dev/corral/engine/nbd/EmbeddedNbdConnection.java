package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One server-side connection with the production pipeline on an {@link EmbeddedChannel}. Input can
 * be fed byte by byte; everything the server wrote is collected into one buffer for parsing, and
 * every buffer the server wrote is checked to be released after being copied.
 */
final class EmbeddedNbdConnection implements AutoCloseable {
    final EmbeddedChannel channel;
    private final ByteBuf received = Unpooled.buffer();
    private final List<ByteBuf> inbound = new ArrayList<>();

    EmbeddedNbdConnection(ExportRegistry exports) {
        this(exports, NbdServerConfig.defaults(new InetSocketAddress(0)));
    }

    EmbeddedNbdConnection(ExportRegistry exports, NbdServerConfig config) {
        channel = new EmbeddedChannel(
                new NbdConnectionInitializer(exports, config, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));
    }

    /** Feeds {@code bytes} one byte per read, the worst case for every decoder state. */
    EmbeddedNbdConnection sendBytewise(byte[] bytes) {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
        return this;
    }

    /** Feeds {@code bytes} as one read. */
    EmbeddedNbdConnection send(byte[] bytes) {
        ByteBuf buf = channel.alloc().buffer(bytes.length).writeBytes(bytes);
        inbound.add(buf);
        if (channel.isOpen()) {
            channel.writeInbound(buf);
        } else {
            buf.release();
        }
        settle();
        return this;
    }

    /** Runs queued tasks (device completions, scheduled flushes) until none are left. */
    void settle() {
        for (int i = 0; i < 100 && channel.hasPendingTasks(); i++) {
            channel.runPendingTasks();
        }
        channel.runPendingTasks();
    }

    /** Everything the server has written so far and not yet consumed by a test. */
    ByteBuf output() {
        settle();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            received.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
            buf.release();
            if (buf != Unpooled.EMPTY_BUFFER) {
                assertThat(buf.refCnt())
                        .as("server buffer released once written")
                        .isZero();
            }
        }
        return received;
    }

    /** Reads and checks the 18-byte server greeting. */
    EmbeddedNbdConnection expectGreeting() {
        ByteBuf out = output();
        assertThat(out.readLong()).isEqualTo(NbdWire.NBDMAGIC);
        assertThat(out.readLong()).isEqualTo(NbdWire.IHAVEOPT);
        assertThat(out.readUnsignedShort())
                .as("handshake flags: FIXED_NEWSTYLE | NO_ZEROES")
                .isEqualTo(3);
        return this;
    }

    /** Greeting, fixed newstyle + no zeroes, optionally structured replies and base:allocation, GO. */
    EmbeddedNbdConnection negotiate(String export, boolean structured) {
        expectGreeting();
        send(NbdWire.clientFlags(3));
        if (structured) {
            send(NbdWire.option(8, new byte[0]));
            assertThat(NbdWire.readOptionReply(output()).type()).isEqualTo(1);
            send(NbdWire.option(10, NbdWire.metaContextData(export, "base:allocation")));
            assertThat(NbdWire.readOptionReply(output()).type()).isEqualTo(4);
            assertThat(NbdWire.readOptionReply(output()).type()).isEqualTo(1);
        }
        send(NbdWire.option(7, NbdWire.goData(export)));
        NbdWire.OptionReply reply;
        do {
            reply = NbdWire.readOptionReply(output());
        } while (reply.type() == 3);
        assertThat(reply.type()).as("GO acknowledged").isEqualTo(1);
        return this;
    }

    boolean isOpen() {
        settle();
        return channel.isOpen();
    }

    /** Every buffer the test fed in was released by the server. */
    void assertInputReleased() {
        settle();
        for (ByteBuf buf : inbound) {
            assertThat(buf.refCnt()).as("inbound buffer released").isZero();
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        received.release();
    }
}
