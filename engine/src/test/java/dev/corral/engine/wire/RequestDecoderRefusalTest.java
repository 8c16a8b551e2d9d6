package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.IoError;
import dev.corral.engine.testsupport.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class RequestDecoderRefusalTest {
    private static final int MAX_DATA = 1 << 20;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(MAX_DATA));

    @AfterEach
    void nothingLeftBehind() {
        assertThat(decoder.finishAndReleaseAll())
                .as("decoder left messages behind")
                .isFalse();
    }

    @Test
    void badMagicBreaksTheStreamAndEverythingAfterIsDiscarded() {
        ByteBuf bytes = Unpooled.buffer()
                .writeBytes(Frames.requestHeader(0x47455420, 1, Opcode.PING.code(), 0, 5, 0, 0, 0))
                .writeBytes(ping(6));

        List<Object> decoded = Frames.feedByteAtATime(decoder, bytes);

        assertThat(decoded).singleElement().isInstanceOfSatisfying(MalformedRequest.class, refused -> {
            assertThat(refused.fatal()).isTrue();
            assertThat(refused.id())
                    .as("an id behind a bad magic means nothing")
                    .isZero();
            assertThat(refused.reason()).contains("bad magic");
        });
        assertThat(Frames.feed(decoder, ping(7))).isEmpty();
    }

    @Test
    void unknownVersionBreaksTheStream() {
        List<Object> decoded = Frames.feed(
                decoder, Frames.requestHeader(WireFormat.REQUEST_MAGIC, 2, Opcode.PING.code(), 0, 5, 0, 0, 0));

        assertThat(decoded)
                .containsExactly(new MalformedRequest(
                        0,
                        IoError.NOT_SUPPORTED,
                        "protocol version 2 is not supported; this replica speaks version 1",
                        true));
    }

    @Test
    void payloadAboveTheProtocolMaximumBreaksTheStreamBeforeAnyPayloadArrives() {
        ByteBuf header = Frames.requestHeader(Opcode.WRITE, 8, 0, 64L << 20, 64L << 20);

        List<Object> decoded = Frames.feed(decoder, header);

        assertThat(decoded).singleElement().isInstanceOfSatisfying(MalformedRequest.class, refused -> {
            assertThat(refused.fatal()).isTrue();
            assertThat(refused.id()).isEqualTo(8);
            assertThat(refused.error()).isEqualTo(IoError.INVALID);
        });
    }

    @Test
    void unknownOpIsRefusedAndItsPayloadSkipped() {
        ByteBuf bytes = Unpooled.buffer()
                .writeBytes(Frames.requestHeader(WireFormat.REQUEST_MAGIC, 1, 77, 0, 9, 0, 0, 10))
                .writeBytes(new byte[10])
                .writeBytes(ping(10));

        List<Object> decoded = Frames.feedByteAtATime(decoder, bytes);

        assertThat(decoded)
                .containsExactly(
                        new MalformedRequest(9, IoError.NOT_SUPPORTED, "unknown op 77", false), new PingRequest(10));
    }

    @Test
    void writeAboveTheConfiguredMaximumIsSkippedAsItArrivesAndAnsweredAfterItsLastByte() {
        int size = MAX_DATA + 1;
        assertThat(Frames.feed(decoder, Frames.requestHeader(Opcode.WRITE, 11, 0, size, size)))
                .isEmpty();

        for (int sent = 0; sent < size - 1; sent += 65536) {
            int chunk = Math.min(65536, size - 1 - sent);
            assertThat(Frames.feed(decoder, Unpooled.wrappedBuffer(new byte[chunk])))
                    .isEmpty();
        }
        List<Object> decoded =
                Frames.feed(decoder, Unpooled.buffer().writeByte(0).writeBytes(ping(12)));

        assertThat(decoded).hasSize(2);
        assertThat(decoded.getFirst()).isInstanceOfSatisfying(MalformedRequest.class, refused -> {
            assertThat(refused.id()).isEqualTo(11);
            assertThat(refused.fatal()).isFalse();
            assertThat(refused.reason()).contains("at most " + MAX_DATA);
        });
        assertThat(decoded.get(1)).isEqualTo(new PingRequest(12));
    }

    @Test
    void readAboveTheConfiguredMaximumIsRefused() {
        List<Object> decoded = Frames.feed(decoder, Frames.requestHeader(Opcode.READ, 13, 0, MAX_DATA + 1L, 0));

        assertThat(decoded).singleElement().isInstanceOfSatisfying(MalformedRequest.class, refused -> {
            assertThat(refused.error()).isEqualTo(IoError.INVALID);
            assertThat(refused.fatal()).isFalse();
        });
    }

    @Test
    void writeWhoseLengthDisagreesWithItsPayloadIsRefused() {
        ByteBuf bytes = Unpooled.buffer()
                .writeBytes(Frames.requestHeader(Opcode.WRITE, 14, 0, 100, 4))
                .writeInt(0)
                .writeBytes(ping(15));

        List<Object> decoded = Frames.feed(decoder, bytes);

        assertThat(decoded).hasSize(2);
        assertThat(((MalformedRequest) decoded.getFirst()).reason()).contains("differs from its payload length");
        assertThat(decoded.get(1)).isEqualTo(new PingRequest(15));
    }

    @Test
    void snapshotNameLongerThan255BytesIsRefused() {
        ByteBuf bytes = Unpooled.buffer()
                .writeBytes(Frames.requestHeader(Opcode.SNAPSHOT, 16, 0, 0, 256))
                .writeBytes("x".repeat(256).getBytes(StandardCharsets.US_ASCII))
                .writeBytes(ping(17));

        List<Object> decoded = Frames.feed(decoder, bytes);

        assertThat(decoded).hasSize(2);
        assertThat(((MalformedRequest) decoded.getFirst()).reason()).contains("1..255");
        assertThat(decoded.get(1)).isEqualTo(new PingRequest(17));
    }

    @Test
    void snapshotNameThatIsNotUtf8IsRefused() {
        ByteBuf bytes = Unpooled.buffer()
                .writeBytes(Frames.requestHeader(Opcode.SNAPSHOT, 18, 0, 0, 2))
                .writeByte(0xC3)
                .writeByte(0x28);

        assertThat(Frames.feed(decoder, bytes))
                .containsExactly(new MalformedRequest(18, IoError.INVALID, "snapshot name is not valid UTF-8", false));
    }

    @Test
    void rangesThatAreNegativeOrOverflowAreRefused() {
        List<Object> decoded = Frames.feed(
                decoder,
                Unpooled.wrappedBuffer(
                        Frames.requestHeader(Opcode.UNMAP, 19, -1, 10, 0),
                        Frames.requestHeader(Opcode.EXTENTS, 20, Long.MAX_VALUE, 2, 0),
                        Frames.requestHeader(Opcode.GROW, 21, 0, -5, 0)));

        assertThat(decoded)
                .hasSize(3)
                .allSatisfy(message -> assertThat(message)
                        .isInstanceOfSatisfying(
                                MalformedRequest.class,
                                refused -> assertThat(refused.fatal()).isFalse()));
    }

    @Test
    void unknownFlagsAndStrayPayloadsAreRefused() {
        List<Object> decoded = Frames.feed(
                decoder,
                Unpooled.wrappedBuffer(
                        Frames.requestHeader(WireFormat.REQUEST_MAGIC, 1, Opcode.FLUSH.code(), 1, 22, 0, 0, 0),
                        Frames.requestHeader(Opcode.PING, 23, 0, 0, 3),
                        Unpooled.wrappedBuffer(new byte[3]),
                        Frames.requestHeader(Opcode.INFO, 24, 5, 0, 0),
                        ping(25)));

        assertThat(decoded).hasSize(4);
        assertThat(decoded.subList(0, 3))
                .extracting(message -> ((MalformedRequest) message).id())
                .containsExactly(22L, 23L, 24L);
        assertThat(decoded.get(3)).isEqualTo(new PingRequest(25));
    }

    @Test
    void truncatedFrameProducesNothingAndReleasesItsBytesOnClose() {
        ByteBuf frame =
                Frames.encode(RequestEncoder.INSTANCE, new WriteRequest(26, 0, Unpooled.wrappedBuffer(new byte[100])));
        ByteBuf truncated = frame.readRetainedSlice(frame.readableBytes() - 1);
        frame.release();

        assertThat(Frames.feedByteAtATime(decoder, truncated)).isEmpty();
        decoder.close();
        assertThat(decoder.<Object>readInbound()).isNull();
    }

    @Test
    void aRefusedFrameNeverBecomesARequest() {
        ByteBuf bytes = Unpooled.wrappedBuffer(
                Frames.requestHeader(Opcode.WRITE, 27, -4096, 4, 4), Unpooled.wrappedBuffer(new byte[4]));

        List<Object> decoded = Frames.feed(decoder, bytes);

        assertThat(decoded).noneMatch(Request.class::isInstance);
        decoded.forEach(ReferenceCountUtil::release);
    }

    private static ByteBuf ping(long id) {
        return Frames.requestHeader(Opcode.PING, id, 0, 0, 0);
    }
}
