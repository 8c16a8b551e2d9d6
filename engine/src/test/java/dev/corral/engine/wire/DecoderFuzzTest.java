package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Headers with valid magic and version but arbitrary fields, then arbitrary bytes: the request
 * decoder never throws and never leaks, and the response decoder fails only with a DecoderException.
 */
class DecoderFuzzTest {
    @Property(tries = 2000)
    void requestDecoderAnswersAnyHeaderWithoutThrowing(
            @ForAll @IntRange(min = 0, max = 255) int op,
            @ForAll @IntRange(min = 0, max = 3) int flags,
            @ForAll long id,
            @ForAll long offset,
            @ForAll long length,
            @ForAll @IntRange(min = 0, max = 600) int payloadLength,
            @ForAll @Size(max = 700) byte[] tail) {
        ByteBuf bytes = Unpooled.wrappedBuffer(
                Frames.requestHeader(WireFormat.REQUEST_MAGIC, 1, op, flags, id, offset, length, payloadLength),
                Unpooled.wrappedBuffer(tail));
        EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(256));

        List<Object> decoded = Frames.feed(decoder, bytes);

        assertThat(decoded).allMatch(m -> m instanceof Request || m instanceof MalformedRequest);
        decoded.forEach(ReferenceCountUtil::release);
        decoder.finishAndReleaseAll();
        assertThat(bytes.refCnt()).isZero();
    }

    @Property(tries = 1000)
    void requestDecoderSurvivesPureGarbage(@ForAll @Size(max = 300) byte[] garbage) {
        EmbeddedChannel decoder = new EmbeddedChannel(new RequestDecoder(256));
        ByteBuf bytes = Unpooled.buffer(garbage.length).writeBytes(garbage);

        List<Object> decoded = Frames.feed(decoder, bytes);

        assertThat(decoded).allMatch(m -> m instanceof MalformedRequest refused && refused.fatal());
        decoder.finishAndReleaseAll();
        assertThat(bytes.refCnt()).isZero();
    }

    @Property(tries = 2000)
    void responseDecoderRefusesOrDecodesAnyHeader(
            @ForAll @IntRange(min = 0, max = 255) int op,
            @ForAll @IntRange(min = 0, max = 255) int status,
            @ForAll @IntRange(min = 0, max = 1) int reserved,
            @ForAll long id,
            @ForAll @IntRange(min = 0, max = 600) int payloadLength,
            @ForAll @Size(max = 700) byte[] tail) {
        ByteBuf bytes = Unpooled.wrappedBuffer(
                Frames.responseHeader(WireFormat.RESPONSE_MAGIC, 1, op, status, reserved, id, payloadLength),
                Unpooled.wrappedBuffer(tail));
        EmbeddedChannel decoder = new EmbeddedChannel(new ResponseDecoder(256));

        try {
            List<Object> decoded = Frames.feed(decoder, bytes);
            assertThat(decoded).allMatch(Response.class::isInstance);
            decoded.forEach(ReferenceCountUtil::release);
        } catch (DecoderException expected) {
            // A broken replica: the client drops the connection.
        }
        decoder.finishAndReleaseAll();
        assertThat(bytes.refCnt()).isZero();
    }
}
