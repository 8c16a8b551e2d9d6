package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data payloads spanning reads: gathered whole in a buffer that grows with them, and released if the channel goes first. */
class PayloadCollectorTest {
    private static final int DATA = 256 * 1024;

    @Test
    void aWriteSpanningReadsArrivesWholeInOneBuffer() {
        byte[] data = pattern(DATA);
        ByteBuf frame = Unpooled.wrappedBuffer(
                Frames.requestHeader(Opcode.WRITE, 7, 4096, DATA, DATA), Unpooled.wrappedBuffer(data));
        EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = feedInChunks(decoder, frame, 1000);
        assertThat(decoded).hasSize(1);
        WriteRequest write = (WriteRequest) decoded.getFirst();
        assertThat(write.data().nioBufferCount()).isEqualTo(1);
        assertThat(ByteBufUtil.getBytes(write.data())).isEqualTo(data);
        write.data().release();
        assertThat(decoder.finish()).isFalse();
    }

    @Test
    void aLargeWriteSpanningReadsGrowsItsBufferAndArrivesIntact() {
        int size = 5 * PayloadCollector.FIRST_BUFFER_BYTES + 123;
        byte[] data = pattern(size);
        ByteBuf frame = Unpooled.wrappedBuffer(
                Frames.requestHeader(Opcode.WRITE, 8, 0, size, size), Unpooled.wrappedBuffer(data));
        EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = feedInChunks(decoder, frame, 65536);
        assertThat(decoded).hasSize(1);
        WriteRequest write = (WriteRequest) decoded.getFirst();
        assertThat(write.data().nioBufferCount()).isEqualTo(1);
        assertThat(ByteBufUtil.getBytes(write.data())).isEqualTo(data);
        write.data().release();
        assertThat(decoder.finish()).isFalse();
    }

    @Test
    void aHeaderPromising32MibAndOneByteHoldsOnlyTheFirstBuffer() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true, false, false);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new RequestDecoder(WireFormat.MAX_DATA_BYTES));
        int promised = WireFormat.MAX_DATA_BYTES;
        channel.writeInbound(Frames.requestHeader(Opcode.WRITE, 1, 0, promised, promised));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[1]));
        assertThat(alloc.metric().usedDirectMemory())
                .isPositive()
                .isLessThanOrEqualTo(PayloadCollector.FIRST_BUFFER_BYTES);
        channel.finishAndReleaseAll();
        assertThat(alloc.metric().usedDirectMemory()).isZero();
    }

    @Test
    void aReadAnswerSpanningReadsArrivesWhole() {
        byte[] data = pattern(DATA);
        ByteBuf frame = Unpooled.wrappedBuffer(Frames.okHeader(Opcode.READ, 9, DATA), Unpooled.wrappedBuffer(data));
        EmbeddedChannel decoder = new EmbeddedChannel(new ResponseDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = feedInChunks(decoder, frame, 4096);
        assertThat(decoded).hasSize(1);
        ReadResponse read = (ReadResponse) decoded.getFirst();
        assertThat(ByteBufUtil.getBytes(read.data())).isEqualTo(data);
        read.release();
        assertThat(decoder.finish()).isFalse();
    }

    @Test
    void aPayloadCutOffByTheConnectionIsReleased() {
        assertPartialPayloadReleased(
                new RequestDecoder(WireFormat.MAX_DATA_BYTES), Frames.requestHeader(Opcode.WRITE, 1, 0, DATA, DATA));
        assertPartialPayloadReleased(
                new ResponseDecoder(WireFormat.MAX_DATA_BYTES), Frames.okHeader(Opcode.READ, 1, DATA));
    }

    private static void assertPartialPayloadReleased(ChannelHandler decoder, ByteBuf header) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true, false, false);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder);
        channel.writeInbound(header);
        channel.writeInbound(Unpooled.wrappedBuffer(pattern(1000)));
        channel.writeInbound(Unpooled.wrappedBuffer(pattern(1000)));
        assertThat(alloc.metric().usedDirectMemory())
                .as("payload buffer allocated")
                .isGreaterThanOrEqualTo(DATA);
        channel.finishAndReleaseAll();
        assertThat(alloc.metric().usedDirectMemory()).isZero();
    }

    private static List<Object> feedInChunks(EmbeddedChannel decoder, ByteBuf bytes, int chunk) {
        List<Object> decoded = new ArrayList<>();
        try {
            while (bytes.isReadable()) {
                decoded.addAll(Frames.feed(decoder, bytes.readRetainedSlice(Math.min(chunk, bytes.readableBytes()))));
            }
        } finally {
            bytes.release();
        }
        return decoded;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }
}
