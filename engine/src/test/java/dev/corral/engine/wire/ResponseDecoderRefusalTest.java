package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.testsupport.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class ResponseDecoderRefusalTest {
    private final EmbeddedChannel decoder = new EmbeddedChannel(new ResponseDecoder(4096));

    @AfterEach
    void nothingLeftBehind() {
        decoder.finishAndReleaseAll();
    }

    @Test
    void badMagicIsCorruption() {
        ByteBuf frame = Frames.responseHeader(0x48545450, 1, Opcode.PING.code(), 0, 0, 1, 0);

        assertThatThrownBy(() -> Frames.feed(decoder, frame)).isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void readAnswerAboveTheConfiguredMaximumIsRefusedBeforeItsPayloadArrives() {
        ByteBuf header = Frames.okHeader(Opcode.READ, 1, 4097);

        assertThatThrownBy(() -> Frames.feed(decoder, header)).isInstanceOf(TooLongFrameException.class);
        assertThat(Frames.feed(decoder, Unpooled.wrappedBuffer(new byte[4097])))
                .as("discarded")
                .isEmpty();
    }

    @Test
    void payloadOnAnAnswerThatTakesNoneIsRefused() {
        ByteBuf frame =
                Unpooled.wrappedBuffer(Frames.okHeader(Opcode.WRITE, 1, 1), Unpooled.wrappedBuffer(new byte[1]));

        assertThatThrownBy(() -> Frames.feed(decoder, frame)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void extentListThatIsNotWholeExtentsIsRefused() {
        ByteBuf frame =
                Unpooled.wrappedBuffer(Frames.okHeader(Opcode.EXTENTS, 1, 17), Unpooled.wrappedBuffer(new byte[17]));

        assertThatThrownBy(() -> Frames.feed(decoder, frame)).isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void zeroLengthExtentIsRefused() {
        ByteBuf frame = Unpooled.wrappedBuffer(
                Frames.okHeader(Opcode.EXTENTS, 1, 16),
                Unpooled.buffer().writeLong(0).writeLong(1L << 63));

        assertThatThrownBy(() -> Frames.feed(decoder, frame)).isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void infoThatIsNotReplicaInfoJsonIsRefused() {
        byte[] json = "{\"size\": \"big\"}".getBytes(StandardCharsets.UTF_8);
        ByteBuf frame =
                Unpooled.wrappedBuffer(Frames.okHeader(Opcode.INFO, 1, json.length), Unpooled.wrappedBuffer(json));

        assertThatThrownBy(() -> Frames.feed(decoder, frame)).isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void errorMessageAboveItsLimitIsRefused() {
        ByteBuf header = Frames.responseHeader(
                WireFormat.RESPONSE_MAGIC, 1, 0, 5, 0, 1, WireFormat.MAX_ERROR_MESSAGE_BYTES + 1L);

        assertThatThrownBy(() -> Frames.feed(decoder, header)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void unknownOpInASuccessIsRefused() {
        ByteBuf header = Frames.responseHeader(WireFormat.RESPONSE_MAGIC, 1, 99, 0, 0, 1, 0);

        assertThatThrownBy(() -> Frames.feed(decoder, header)).isInstanceOf(CorruptedFrameException.class);
    }
}
