package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.testsupport.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(LeakWatch.class)
class WireCodecRoundTripTest {
    private static final byte[] DATA = randomBytes(10_000);

    static Stream<Supplier<Request>> requests() {
        return Stream.of(
                () -> new ReadRequest(1, 4096, 65536),
                () -> new ReadRequest(2, Long.MAX_VALUE - WireFormat.MAX_DATA_BYTES, WireFormat.MAX_DATA_BYTES),
                () -> new WriteRequest(3, 12345, Unpooled.copiedBuffer(DATA)),
                () -> new WriteRequest(4, 0, Unpooled.buffer(0)),
                () -> new UnmapRequest(5, 1 << 20, 1L << 40),
                () -> new FlushRequest(6),
                () -> new PingRequest(Long.MAX_VALUE),
                () -> new InfoRequest(-1),
                () -> new SnapshotRequest(9, "snap-2024-01-01", true),
                () -> new SnapshotRequest(11, "rebuild-1", false),
                () -> new SnapshotRequest(10, "ü".repeat(127), true),
                () -> new ExtentsRequest(11, 0, Long.MAX_VALUE),
                () -> new GrowRequest(12, 10L << 30),
                () -> new TreeRequest(13, Opcode.LIST_LAYERS),
                () -> new TreeRequest(14, Opcode.PURGE),
                () -> new TreeRequest(15, Opcode.FINISH_REBUILD),
                () -> LayerRequest.named(16, Opcode.REMOVE_SNAPSHOT, "snap-1"),
                () -> LayerRequest.named(17, Opcode.REVERT, "ü".repeat(127)),
                () -> LayerRequest.named(18, Opcode.LAYER_SUMMARY, "s"),
                () -> new LayerRequest(19, Opcode.LAYER_EXTENTS, "s", 0, Long.MAX_VALUE),
                () -> new LayerRequest(20, Opcode.READ_LAYER, "s", 4096, WireFormat.MAX_DATA_BYTES),
                () -> new LayerRequest(21, Opcode.LAYER_DIGESTS, "s", 1 << 20, WireFormat.MAX_DIGEST_RANGE_BYTES),
                () -> new LayerRequest(22, Opcode.PUNCH_LAYER, "s", 8192, 4096),
                () -> new PrepareRebuildRequest(
                        23,
                        List.of(
                                new LayerSpec("base", "2026-01-01T00:00:00Z", true, false),
                                new LayerSpec("sys-ä", "2026-01-02T00:00:00.123Z", false, true))),
                () -> new PrepareRebuildRequest(24, List.of()),
                () -> new WriteLayerRequest(25, "layer-ß", 4096, Unpooled.copiedBuffer(DATA)),
                () -> new WriteLayerRequest(26, "x".repeat(255), 0, Unpooled.buffer(0)));
    }

    static Stream<Supplier<Response>> responses() {
        return Stream.of(
                () -> new ReadResponse(1, Unpooled.copiedBuffer(DATA)),
                () -> new ReadResponse(2, Unpooled.buffer(0)),
                () -> new DoneResponse(3, Opcode.WRITE),
                () -> new DoneResponse(4, Opcode.UNMAP),
                () -> new DoneResponse(5, Opcode.FLUSH),
                () -> new DoneResponse(6, Opcode.PING),
                () -> new DoneResponse(7, Opcode.SNAPSHOT),
                () -> new DoneResponse(8, Opcode.GROW),
                () -> new InfoResponse(9, new ReplicaInfo(1L << 30, "head-3", List.of("a", "b", "ç"), true, 42)),
                () -> new InfoResponse(10, new ReplicaInfo(0, "head", List.of(), false, 0)),
                () -> new ExtentsResponse(
                        11, List.of(new Extent(0, 4096, true), new Extent(4096, Long.MAX_VALUE - 4096, false))),
                () -> new ExtentsResponse(12, List.of()),
                () -> new PayloadResponse(20, Opcode.READ_LAYER, Unpooled.copiedBuffer(DATA)),
                () -> new PayloadResponse(21, Opcode.LAYER_DIGESTS, Unpooled.buffer(0)),
                () -> new PayloadResponse(
                        22, Opcode.LAYER_SUMMARY, Unpooled.buffer().writeLong(3).writeLong(-7)),
                () -> new PayloadResponse(23, Opcode.LIST_LAYERS, Unpooled.copiedBuffer("[]", StandardCharsets.UTF_8)),
                () -> new PayloadResponse(
                        24, Opcode.LAYER_EXTENTS, Unpooled.buffer().writeLong(0).writeLong(4096)),
                () -> new DoneResponse(25, Opcode.WRITE_LAYER),
                () -> new DoneResponse(26, Opcode.PREPARE_REBUILD),
                () -> new ErrorResponse(13, IoError.NO_SPACE, "disk full"),
                () -> new ErrorResponse(0, IoError.TIMED_OUT, ""));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void everyRequestSurvivesTheTripByteByByte(Supplier<Request> make) {
        Request sent = make.get();
        Object expected = comparable(sent);

        ByteBuf bytes = Frames.encode(RequestEncoder.INSTANCE, sent);
        EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = Frames.feedByteAtATime(decoder, bytes);

        assertThat(decoded).hasSize(1);
        assertThat(comparable(decoded.getFirst())).isEqualTo(expected);
        releaseAll(decoded);
        assertThat(decoder.finishAndReleaseAll())
                .as("decoder left messages behind")
                .isFalse();
        if (sent instanceof WriteRequest write) {
            assertThat(write.refCnt()).as("encoder releases the write data").isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("responses")
    void everyResponseSurvivesTheTripByteByByte(Supplier<Response> make) {
        Response sent = make.get();
        Object expected = comparable(sent);

        ByteBuf bytes = Frames.encode(ResponseEncoder.INSTANCE, sent);
        EmbeddedChannel decoder = new EmbeddedChannel(new ResponseDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = Frames.feedByteAtATime(decoder, bytes);

        assertThat(decoded).hasSize(1);
        assertThat(comparable(decoded.getFirst())).isEqualTo(expected);
        releaseAll(decoded);
        assertThat(decoder.finishAndReleaseAll()).isFalse();
        if (sent instanceof ReadResponse read) {
            assertThat(read.refCnt()).isZero();
        }
    }

    @Test
    void pipelinedRequestsDecodeInOrderFromOneStream() {
        List<Request> sent = requests().map(Supplier::get).toList();
        List<Object> expected =
                sent.stream().map(WireCodecRoundTripTest::comparable).toList();

        ByteBuf bytes = Frames.encode(RequestEncoder.INSTANCE, sent.toArray());
        EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = Frames.feed(decoder, bytes);

        assertThat(decoded.stream().map(WireCodecRoundTripTest::comparable).toList())
                .containsExactlyElementsOf(expected);
        releaseAll(decoded);
        assertThat(decoder.finishAndReleaseAll()).isFalse();
    }

    @Test
    void pipelinedResponsesDecodeInOrderAcrossArbitraryChunks() {
        List<Response> sent = responses().map(Supplier::get).toList();
        List<Object> expected =
                sent.stream().map(WireCodecRoundTripTest::comparable).toList();

        ByteBuf bytes = Frames.encode(ResponseEncoder.INSTANCE, sent.toArray());
        EmbeddedChannel decoder = new EmbeddedChannel(new ResponseDecoder(WireFormat.MAX_DATA_BYTES));
        List<Object> decoded = new ArrayList<>();
        Random random = new Random(7);
        while (bytes.isReadable()) {
            int chunk = Math.min(bytes.readableBytes(), 1 + random.nextInt(300));
            decoded.addAll(Frames.feed(decoder, bytes.readRetainedSlice(chunk)));
        }
        bytes.release();

        assertThat(decoded.stream().map(WireCodecRoundTripTest::comparable).toList())
                .containsExactlyElementsOf(expected);
        releaseAll(decoded);
        assertThat(decoder.finishAndReleaseAll()).isFalse();
    }

    @Test
    void writeDataIsSentAsTheCallersBufferNotACopy() {
        ByteBuf data = Unpooled.directBuffer(4096).writeBytes(DATA, 0, 4096);
        EmbeddedChannel channel = new EmbeddedChannel(RequestEncoder.INSTANCE);

        channel.writeOutbound(new WriteRequest(1, 0, data));

        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        assertThat(header.readableBytes()).isEqualTo(WireFormat.REQUEST_HEADER_BYTES);
        assertThat(payload).isSameAs(data);
        header.release();
        payload.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void readDataIsSentAsTheServersBufferNotACopy() {
        ByteBuf data = Unpooled.directBuffer(4096).writeBytes(DATA, 0, 4096);
        EmbeddedChannel channel = new EmbeddedChannel(ResponseEncoder.INSTANCE);

        channel.writeOutbound(new ReadResponse(1, data));

        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        assertThat(header.readableBytes()).isEqualTo(WireFormat.RESPONSE_HEADER_BYTES);
        assertThat(payload).isSameAs(data);
        header.release();
        payload.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void headerLayoutIsTheDocumentedOne() {
        ByteBuf bytes = Frames.encode(RequestEncoder.INSTANCE, new UnmapRequest(0x0102030405060708L, 4096, 8192));

        assertThat(ByteBufUtil.hexDump(bytes))
                .isEqualTo("43524c51" + "01" + "03" + "0000" + "0102030405060708" + "0000000000001000"
                        + "0000000000002000" + "00000000");
        bytes.release();

        ByteBuf answer = Frames.encode(ResponseEncoder.INSTANCE, new ErrorResponse(7, IoError.NO_SPACE, "full"));
        assertThat(ByteBufUtil.hexDump(answer))
                .isEqualTo("43524c53" + "01" + "00" + "1c" + "00" + "0000000000000007" + "00000004"
                        + ByteBufUtil.hexDump("full".getBytes(StandardCharsets.UTF_8)));
        answer.release();
    }

    @Test
    void extentsTravelAsSixteenBytesEach() {
        ByteBuf bytes = Frames.encode(
                ResponseEncoder.INSTANCE,
                new ExtentsResponse(1, List.of(new Extent(0, 4096, true), new Extent(4096, 8192, false))));

        assertThat(bytes.getInt(WireFormat.RESPONSE_HEADER_BYTES - 4)).isEqualTo(32);
        assertThat(bytes.getLong(WireFormat.RESPONSE_HEADER_BYTES + 8)).isEqualTo(4096 | (1L << 63));
        assertThat(bytes.getLong(WireFormat.RESPONSE_HEADER_BYTES + 24)).isEqualTo(8192);
        bytes.release();
    }

    @Test
    void longErrorMessagesAreCutOnACharacterBoundary() {
        ErrorResponse error = new ErrorResponse(1, IoError.IO, "é".repeat(WireFormat.MAX_ERROR_MESSAGE_BYTES));

        assertThat(error.message().getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(WireFormat.MAX_ERROR_MESSAGE_BYTES);
        ByteBuf bytes = Frames.encode(ResponseEncoder.INSTANCE, error);
        List<Object> decoded = Frames.feed(new EmbeddedChannel(new ResponseDecoder(1024)), bytes);
        assertThat(decoded).containsExactly(error);
    }

    @Test
    void anExtentListAboveTheLimitIsAnsweredOverflow() {
        List<Extent> tooMany = new ArrayList<>(WireFormat.MAX_EXTENTS + 1);
        for (int i = 0; i <= WireFormat.MAX_EXTENTS; i++) {
            tooMany.add(new Extent(i * 4096L, 4096, i % 2 == 0));
        }
        ByteBuf bytes = Frames.encode(ResponseEncoder.INSTANCE, new ExtentsResponse(5, tooMany));

        List<Object> decoded = Frames.feed(new EmbeddedChannel(new ResponseDecoder(1024)), bytes);

        assertThat(decoded).singleElement().isInstanceOfSatisfying(ErrorResponse.class, error -> {
            assertThat(error.id()).isEqualTo(5);
            assertThat(error.error()).isEqualTo(IoError.OVERFLOW);
        });
    }

    @Test
    void replicaInfoAboveTheLimitIsAnsweredOverflow() {
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            chain.add("s".repeat(250) + i);
        }
        ByteBuf bytes =
                Frames.encode(ResponseEncoder.INSTANCE, new InfoResponse(6, new ReplicaInfo(1, "h", chain, false, 0)));

        List<Object> decoded = Frames.feed(new EmbeddedChannel(new ResponseDecoder(1024)), bytes);

        assertThat(decoded).singleElement().isInstanceOfSatisfying(ErrorResponse.class, error -> {
            assertThat(error.id()).isEqualTo(6);
            assertThat(error.error()).isEqualTo(IoError.OVERFLOW);
        });
    }

    @Test
    void unknownErrnoFromANewerReplicaCountsAsIo() {
        ByteBuf frame = Frames.responseHeader(WireFormat.RESPONSE_MAGIC, 1, 0, 200, 0, 3, 0);

        List<Object> decoded = Frames.feed(new EmbeddedChannel(new ResponseDecoder(1024)), frame);

        assertThat(decoded).containsExactly(new ErrorResponse(3, IoError.IO, ""));
    }

    @Test
    void everyIoErrorKeepsItsIdentityOnTheWire() {
        for (IoError error : IoError.values()) {
            assertThat(WireFormat.errorOfStatus(WireFormat.statusOf(error))).isEqualTo(error);
        }
    }

    /** Messages with buffers turned into comparable values (the buffer's bytes). */
    private static Object comparable(Object message) {
        return switch (message) {
            case WriteRequest w -> List.of(w.id(), w.offset(), ByteBufUtil.hexDump(w.data()));
            case ReadResponse r -> List.of(r.id(), ByteBufUtil.hexDump(r.data()));
            case WriteLayerRequest w -> List.of(w.id(), w.name(), w.offset(), ByteBufUtil.hexDump(w.data()));
            case PayloadResponse p -> List.of(p.id(), p.op(), ByteBufUtil.hexDump(p.data()));
            default -> message;
        };
    }

    private static void releaseAll(List<Object> messages) {
        messages.forEach(ReferenceCountUtil::release);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
