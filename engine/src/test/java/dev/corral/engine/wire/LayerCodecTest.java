package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSummary;
import dev.corral.engine.testsupport.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tree and rebuild payloads, and the refusal of malformed frames of the new ops. */
@ExtendWith(LeakWatch.class)
class LayerCodecTest {
    private static final int MAX_DATA = 1 << 20;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(MAX_DATA));

    @AfterEach
    void nothingLeftBehind() {
        assertThat(decoder.finishAndReleaseAll()).isFalse();
    }

    @Test
    void payloadsRoundTrip() throws Exception {
        List<LayerInfo> layers = List.of(
                new LayerInfo("base", null, Instant.parse("2026-01-01T00:00:00Z"), true, true, 8192, true),
                new LayerInfo("volume-head", "base", Instant.parse("2026-01-02T00:00:00.5Z"), false, false, 0, true));
        ByteBuf json = Unpooled.buffer();
        LayerCodec.writeLayers(json, layers);
        assertThat(LayerCodec.readLayers(json)).isEqualTo(layers);
        json.release();

        LayerDigests digests = new LayerDigests(new long[] {0, 5, 1L << 40}, new long[] {-1, 0, 42});
        ByteBuf bytes = Unpooled.buffer();
        LayerCodec.writeDigests(bytes, digests);
        assertThat(bytes.readableBytes()).isEqualTo(3 * WireFormat.DIGEST_BYTES);
        assertThat(LayerCodec.readDigests(bytes)).isEqualTo(digests);
        bytes.release();

        ByteBuf summary = Unpooled.buffer();
        LayerCodec.writeSummary(summary, new LayerSummary(12, -99));
        assertThat(LayerCodec.readSummary(summary)).isEqualTo(new LayerSummary(12, -99));
        summary.release();
    }

    @Test
    void digestsOutOfOrderAreRefused() {
        ByteBuf bytes = Unpooled.buffer().writeLong(5).writeLong(1).writeLong(5).writeLong(2);
        assertThatThrownBy(() -> LayerCodec.readDigests(bytes)).hasMessageContaining("ascending");
        bytes.release();
    }

    private MalformedRequest refusalOf(ByteBuf frame) {
        List<Object> decoded = Frames.feedByteAtATime(decoder, frame);
        assertThat(decoded).singleElement().isInstanceOf(MalformedRequest.class);
        MalformedRequest refused = (MalformedRequest) decoded.getFirst();
        assertThat(refused.fatal()).as("the connection stays usable").isFalse();
        return refused;
    }

    private static ByteBuf frame(Opcode op, long offset, long length, byte[] payload) {
        return Unpooled.wrappedBuffer(
                Frames.requestHeader(op, 7, offset, length, payload.length), Unpooled.wrappedBuffer(payload));
    }

    @Test
    void malformedLayerFramesAreRefusedAndTheStreamGoesOn() {
        byte[] name = "snap".getBytes(StandardCharsets.UTF_8);
        assertThat(refusalOf(frame(Opcode.REMOVE_SNAPSHOT, 0, 0, new byte[0])).reason())
                .contains("layer name of 0");
        assertThat(refusalOf(frame(Opcode.REVERT, 0, 0, new byte[256])).reason())
                .contains("layer name of 256");
        assertThat(refusalOf(frame(Opcode.LAYER_SUMMARY, 4096, 0, name)).reason())
                .contains("no offset");
        assertThat(refusalOf(frame(Opcode.READ_LAYER, 0, MAX_DATA + 1, name)).reason())
                .contains("layer read");
        assertThat(refusalOf(frame(Opcode.LAYER_DIGESTS, 0, WireFormat.MAX_DIGEST_RANGE_BYTES + 1, name))
                        .reason())
                .contains("digests over");
        assertThat(refusalOf(frame(Opcode.LAYER_EXTENTS, -1, 10, name)).reason())
                .contains("invalid range");
        assertThat(refusalOf(frame(Opcode.PURGE, 0, 0, name)).reason()).contains("no offset, length or payload");
        assertThat(refusalOf(frame(Opcode.PREPARE_REBUILD, 0, 0, new byte[0])).reason())
                .contains("rebuild chain");
        assertThat(refusalOf(frame(Opcode.PREPARE_REBUILD, 0, 0, "{not json".getBytes(StandardCharsets.UTF_8)))
                        .reason())
                .contains("unreadable rebuild chain");
        assertThat(refusalOf(frame(Opcode.PUNCH_LAYER, 0, 4096, new byte[] {(byte) 0xff}))
                        .reason())
                .contains("not valid UTF-8");
        // WRITE_LAYER: the name length byte must match the payload and header.
        assertThat(refusalOf(frame(Opcode.WRITE_LAYER, 0, 4, new byte[] {9, 'a', 1, 2, 3, 4}))
                        .reason())
                .contains("name length");
        assertThat(refusalOf(frame(Opcode.WRITE_LAYER, 0, 10, new byte[] {1, 'a'}))
                        .reason())
                .contains("does not hold a name");
        assertThat(refusalOf(frame(Opcode.WRITE_LAYER, 0, MAX_DATA + 1, new byte[] {1, 'a'}))
                        .reason())
                .contains("layer write of");
        assertThat(Frames.feed(decoder, Frames.requestHeader(Opcode.PING, 8, 0, 0, 0)))
                .containsExactly(new PingRequest(8));
    }

    @Test
    void aReplicaAnsweringWithAMalformedLayerPayloadIsDropped() {
        EmbeddedChannel client = new EmbeddedChannel(new ResponseDecoder(MAX_DATA));
        ByteBuf summary = Unpooled.wrappedBuffer(
                Frames.okHeader(Opcode.LAYER_SUMMARY, 3, 15), Unpooled.wrappedBuffer(new byte[15]));
        assertThatThrownBy(() -> client.writeInbound(summary)).isInstanceOf(DecoderException.class);
        client.finishAndReleaseAll();

        EmbeddedChannel other = new EmbeddedChannel(new ResponseDecoder(MAX_DATA));
        ByteBuf digests = Frames.okHeader(Opcode.LAYER_DIGESTS, 4, WireFormat.MAX_DIGESTS_BYTES + 16L);
        assertThatThrownBy(() -> other.writeInbound(digests)).isInstanceOf(DecoderException.class);
        other.finishAndReleaseAll();
    }
}
