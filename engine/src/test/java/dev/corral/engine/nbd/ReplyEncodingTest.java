package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Byte-exact reply encodings, and how allocation maps become chunks and descriptors. */
class ReplyEncodingTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    private String hex(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void simpleReply() {
        assertThat(hex(ReplyEncoder.simple(alloc, 0x0102030405060708L, 22)))
                .isEqualTo("67446698" + "00000016" + "0102030405060708");
    }

    @Test
    void structuredChunks() {
        assertThat(hex(ReplyEncoder.none(alloc, 9)))
                .isEqualTo("668e33ef" + "0001" + "0000" + "0000000000000009" + "00000000");
        assertThat(hex(ReplyEncoder.offsetDataHeader(alloc, 9, false, 4096, 512)))
                .as("length covers offset and data")
                .isEqualTo("668e33ef" + "0000" + "0001" + "0000000000000009" + "00000208" + "0000000000001000");
        assertThat(hex(ReplyEncoder.offsetHole(alloc, 9, true, 8192, 1024)))
                .isEqualTo("668e33ef" + "0001" + "0002" + "0000000000000009" + "0000000c" + "0000000000002000"
                        + "00000400");
        assertThat(hex(ReplyEncoder.error(alloc, 9, 5, "bad")))
                .isEqualTo("668e33ef" + "0001" + "8001" + "0000000000000009" + "00000009" + "00000005" + "0003"
                        + "626164");
    }

    @Test
    void blockStatusChunk() {
        AllocationDescriptors descriptors = AllocationDescriptors.forRequest(
                List.of(new Extent(0, 4096, false), new Extent(4096, 512, true)), 0, 4608, false);
        assertThat(hex(ReplyEncoder.blockStatus(alloc, 1, 1, descriptors)))
                .isEqualTo("668e33ef" + "0001" + "0005" + "0000000000000001" + "00000014" + "00000001" + "00001000"
                        + "00000003" + "00000200" + "00000000");
    }

    @Test
    void errorMessagesAreCutAtACharacterBoundaryWithinTheStringLimit() {
        String message = "é".repeat(3000); // 6000 bytes of UTF-8
        ByteBuf chunk = ReplyEncoder.error(alloc, 1, 5, message);
        try {
            chunk.skipBytes(20 + 4);
            int length = chunk.readUnsignedShort();
            assertThat(length).isEqualTo(4096);
            assertThat(chunk.toString(chunk.readerIndex(), length, StandardCharsets.UTF_8))
                    .isEqualTo("é".repeat(2048));
        } finally {
            chunk.release();
        }
        assertThat(Utf8.truncate("ab€", 4))
                .as("never splits a character")
                .isEqualTo("ab".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(Utf8.truncate("a\0b", 10), StandardCharsets.UTF_8))
                .isEqualTo("a?b");
    }

    @Test
    void everyDeviceErrorBecomesAnErrorValueTheSpecAllows() {
        Set<Integer> allowed = Set.of(1, 5, 12, 22, 28, 75, 95, 108);
        for (IoError error : IoError.values()) {
            assertThat(allowed).as(error.name()).contains(NbdErrors.errno(error));
        }
        assertThat(NbdErrors.errno(IoError.NO_SPACE)).isEqualTo(28);
        assertThat(NbdErrors.errno(IoError.SHUTDOWN)).isEqualTo(108);
        assertThat(NbdErrors.errno(new CompletionException(new BlockIoException(IoError.INVALID, "x"))))
                .isEqualTo(22);
    }

    @Test
    void extentRunsAreClippedMergedAndStopAtGaps() {
        List<Extent> extents = List.of(
                new Extent(0, 4096, true),
                new Extent(4096, 4096, true),
                new Extent(8192, 4096, false),
                new Extent(20480, 4096, true));
        assertThat(ExtentRuns.within(extents, 1000, 10000))
                .containsExactly(new Extent(1000, 7192, true), new Extent(8192, 2808, false));
        assertThat(ExtentRuns.within(extents, 8192, 16384))
                .as("stops at the gap at 12288")
                .containsExactly(new Extent(8192, 4096, false));
        assertThat(ExtentRuns.within(List.of(new Extent(4096, 4096, true)), 0, 8192))
                .as("nothing covers the first byte")
                .isEmpty();
    }

    @Test
    void descriptorsFallBackToStatusZeroAndHonourReqOneAndTheCap() {
        AllocationDescriptors unknown = AllocationDescriptors.forRequest(List.of(), 512, 1024, false);
        assertThat(unknown.count()).isEqualTo(1);
        assertThat(unknown.length(0)).isEqualTo(1024);
        assertThat(unknown.status(0)).as("status 0 is always safe").isZero();

        List<Extent> alternating = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            alternating.add(new Extent(i * 512L, 512, i % 2 == 0));
        }
        assertThat(AllocationDescriptors.forRequest(alternating, 0, 3000 * 512L, false)
                        .count())
                .isEqualTo(AllocationDescriptors.MAX_DESCRIPTORS);
        AllocationDescriptors one = AllocationDescriptors.forRequest(alternating, 256, 4096, true);
        assertThat(one.count()).isEqualTo(1);
        assertThat(one.length(0)).isEqualTo(256);
        assertThat(one.status(0)).isZero();
    }
}
