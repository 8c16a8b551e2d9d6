package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transmission-phase requests fed one byte per read through the production pipeline. */
class TransmissionTest {
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final int DISC = 2;
    private static final int FLUSH = 3;
    private static final int TRIM = 4;
    private static final int CACHE = 5;
    private static final int WRITE_ZEROES = 6;
    private static final int BLOCK_STATUS = 7;
    private static final int FUA = 1;
    private static final int NO_HOLE = 2;
    private static final int DF = 4;
    private static final int REQ_ONE = 8;
    private static final int FAST_ZERO = 16;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;
    private static final int EIO = 5;
    private static final int SIZE = 1 << 20;

    private final MemoryBlockDevice memory = new MemoryBlockDevice(SIZE).trackReadBuffers();
    private final List<EmbeddedNbdConnection> connections = new ArrayList<>();

    /** Whatever a test did, every buffer a read returned has been written out or released. */
    @AfterEach
    void close() {
        connections.forEach(EmbeddedNbdConnection::output);
        memory.assertReadBuffersReleased();
        connections.forEach(EmbeddedNbdConnection::close);
    }

    private EmbeddedNbdConnection connect(BlockDevice device, boolean structured) {
        return connect(device, structured, NbdServerConfig.defaults(new InetSocketAddress(0)));
    }

    private EmbeddedNbdConnection connect(BlockDevice device, boolean structured, NbdServerConfig config) {
        EmbeddedNbdConnection connection = new EmbeddedNbdConnection(ExportRegistry.of(Map.of("vol", device)), config);
        connections.add(connection);
        return connection.negotiate("vol", structured);
    }

    private static byte[] pattern(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void writeThenReadWithSimpleReplies() {
        EmbeddedNbdConnection c = connect(memory, false);
        byte[] data = pattern(5000, 1);
        c.sendBytewise(NbdWire.request(0, WRITE, 1, 1000, data.length, data));
        assertThat(NbdWire.readSimpleReply(c.output())).isEqualTo(new NbdWire.SimpleReply(0, 1));
        assertThat(memory.bytes(1000, data.length)).isEqualTo(data);

        c.sendBytewise(NbdWire.request(0, READ, 2, 1000, data.length));
        ByteBuf out = c.output();
        assertThat(NbdWire.readSimpleReply(out)).isEqualTo(new NbdWire.SimpleReply(0, 2));
        byte[] read = new byte[data.length];
        out.readBytes(read);
        assertThat(read).isEqualTo(data);
        assertThat(out.readableBytes()).isZero();
        c.assertInputReleased();
    }

    @Test
    void fuaFlushTrimAndWriteZeroesReachTheDevice() {
        EmbeddedNbdConnection c = connect(memory, false);
        c.send(NbdWire.request(FUA, WRITE, 1, 0, 8192, pattern(8192, 2)));
        c.send(NbdWire.request(0, FLUSH, 2, 0, 0));
        c.send(NbdWire.request(FUA, TRIM, 3, 0, 4096));
        c.send(NbdWire.request(NO_HOLE, WRITE_ZEROES, 4, 4096, 4096));
        c.send(NbdWire.request(0, WRITE_ZEROES, 5, 65536, 8192));
        c.send(NbdWire.request(0, CACHE, 6, 0, 4096));
        for (long handle = 1; handle <= 6; handle++) {
            assertThat(NbdWire.readSimpleReply(c.output())).isEqualTo(new NbdWire.SimpleReply(0, handle));
        }
        assertThat(memory.fuaWrites.get()).isEqualTo(1);
        assertThat(memory.flushes.get()).isEqualTo(1);
        assertThat(memory.bytes(0, 8192)).isEqualTo(new byte[8192]);
        assertThat(memory.allocatedPages())
                .as("trimmed page freed, NO_HOLE page kept")
                .isEqualTo(1);
    }

    @Test
    void structuredReadOfDataIsOneFinalDataChunk() {
        memory.fill(0, pattern(4096, 3));
        EmbeddedNbdConnection c = connect(memory, true);
        c.sendBytewise(NbdWire.request(0, READ, 7, 0, 4096));
        NbdWire.Chunk chunk = NbdWire.readChunk(c.output());
        assertThat(chunk.type()).isEqualTo(1);
        assertThat(chunk.done()).isTrue();
        ByteBuf payload = chunk.payloadBuffer();
        assertThat(payload.readLong()).isZero();
        byte[] data = new byte[4096];
        payload.readBytes(data);
        assertThat(data).isEqualTo(pattern(4096, 3));
    }

    @Test
    void largeStructuredReadSendsHolesAsHoleChunks() {
        memory.fill(128 * 1024, pattern(4096, 4));
        EmbeddedNbdConnection c = connect(memory, true);
        c.send(NbdWire.request(0, READ, 8, 64 * 1024, 256 * 1024));
        ByteBuf out = c.output();
        List<NbdWire.Chunk> chunks = new ArrayList<>();
        do {
            chunks.add(NbdWire.readChunk(out));
        } while (!chunks.getLast().done());
        assertThat(chunks).extracting(NbdWire.Chunk::type).containsExactly(2, 1, 2);
        ByteBuf firstHole = chunks.get(0).payloadBuffer();
        assertThat(firstHole.readLong()).isEqualTo(64 * 1024);
        assertThat(firstHole.readInt()).isEqualTo(64 * 1024);
        ByteBuf data = chunks.get(1).payloadBuffer();
        assertThat(data.readLong()).isEqualTo(128 * 1024);
        assertThat(data.readableBytes()).isEqualTo(4096);
        ByteBuf lastHole = chunks.get(2).payloadBuffer();
        assertThat(lastHole.readLong()).isEqualTo(128 * 1024 + 4096);
        assertThat(lastHole.readInt()).isEqualTo(256 * 1024 - 64 * 1024 - 4096);

        // With DF the same range comes back as a single data chunk, zeros included.
        c.send(NbdWire.request(DF, READ, 9, 64 * 1024, 256 * 1024));
        NbdWire.Chunk whole = NbdWire.readChunk(c.output());
        assertThat(whole.type()).isEqualTo(1);
        assertThat(whole.done()).isTrue();
        assertThat(whole.payload()).hasSize(8 + 256 * 1024);
    }

    @Test
    void blockStatusDescribesHolesAndData() {
        memory.fill(8192, pattern(8192, 5));
        EmbeddedNbdConnection c = connect(memory, true);
        c.sendBytewise(NbdWire.request(0, BLOCK_STATUS, 3, 0, 65536));
        NbdWire.Chunk chunk = NbdWire.readChunk(c.output());
        assertThat(chunk.type()).isEqualTo(5);
        assertThat(chunk.done()).isTrue();
        ByteBuf payload = chunk.payloadBuffer();
        assertThat(payload.readInt()).as("context id").isEqualTo(OptionNegotiator.ALLOCATION_CONTEXT_ID);
        assertThat(descriptors(payload)).containsExactly(8192L, 3L, 8192L, 0L, 65536L - 16384, 3L);

        c.send(NbdWire.request(REQ_ONE, BLOCK_STATUS, 4, 4096, 65536));
        ByteBuf one = NbdWire.readChunk(c.output()).payloadBuffer();
        one.readInt();
        assertThat(descriptors(one)).containsExactly(4096L, 3L);
    }

    private static List<Long> descriptors(ByteBuf payload) {
        List<Long> values = new ArrayList<>();
        while (payload.isReadable()) {
            values.add(payload.readUnsignedInt());
            values.add(payload.readUnsignedInt());
        }
        return values;
    }

    @Test
    void invalidRequestsGetTheSpecErrorsAndChangeNothing() {
        memory.fill(0, pattern(SIZE, 6));
        String before = memory.checksum();
        EmbeddedNbdConnection c = connect(memory, false);
        long huge = Long.MIN_VALUE + 5; // unsigned offset 2^63 + 5
        record Case(byte[] frame, int error) {}
        List<Case> cases = List.of(
                new Case(NbdWire.request(0, READ, 1, SIZE - 10, 11), EINVAL),
                new Case(NbdWire.request(0, READ, 2, huge, 1), EINVAL),
                new Case(NbdWire.request(0, READ, 3, 0, (32 << 20) + 1), EINVAL),
                new Case(NbdWire.request(0, WRITE, 4, SIZE - 1, 2, new byte[2]), ENOSPC),
                new Case(NbdWire.request(0, WRITE, 5, huge, 2, new byte[2]), ENOSPC),
                new Case(NbdWire.request(0x20, WRITE, 6, 0, 3, new byte[3]), EINVAL),
                new Case(NbdWire.request(0, WRITE_ZEROES, 7, SIZE, 1), ENOSPC),
                new Case(NbdWire.request(FAST_ZERO, WRITE_ZEROES, 8, 0, 4096), EINVAL),
                new Case(NbdWire.request(NO_HOLE, TRIM, 9, 0, 4096), EINVAL),
                new Case(NbdWire.request(0, TRIM, 10, 1, SIZE), EINVAL),
                new Case(NbdWire.request(0, FLUSH, 11, 1, 0), EINVAL),
                new Case(NbdWire.request(DF, READ, 12, 0, 512), EINVAL),
                new Case(NbdWire.request(0, BLOCK_STATUS, 13, 0, 512), EINVAL),
                new Case(NbdWire.request(0, 42, 14, 0, 0), EINVAL),
                new Case(NbdWire.request(0, CACHE, 15, SIZE, 1), EINVAL));
        for (Case testCase : cases) {
            c.sendBytewise(testCase.frame());
        }
        ByteBuf out = c.output();
        for (int i = 0; i < cases.size(); i++) {
            NbdWire.SimpleReply reply = NbdWire.readSimpleReply(out);
            assertThat(reply.handle()).isEqualTo(i + 1);
            assertThat(reply.error())
                    .as("error for case %d", i + 1)
                    .isEqualTo(cases.get(i).error());
        }
        assertThat(out.readableBytes()).as("no payload after a failed read").isZero();
        assertThat(c.isOpen()).isTrue();
        assertThat(memory.checksum()).isEqualTo(before);
        c.assertInputReleased();
    }

    @Test
    void structuredErrorsCarryAMessage() {
        EmbeddedNbdConnection c = connect(memory, true);
        c.send(NbdWire.request(0, READ, 1, SIZE, 1));
        NbdWire.Chunk chunk = NbdWire.readChunk(c.output());
        assertThat(chunk.type()).isEqualTo(0x8001);
        assertThat(chunk.done()).isTrue();
        assertThat(chunk.errorCode()).isEqualTo(EINVAL);
        assertThat(chunk.errorMessage()).contains("past the end");
    }

    @Test
    void badRequestMagicClosesTheConnection() {
        EmbeddedNbdConnection c = connect(memory, false);
        byte[] frame = NbdWire.request(0, READ, 1, 0, 512);
        frame[3] ^= 1;
        c.sendBytewise(frame);
        assertThat(c.isOpen()).isFalse();
        assertThat(c.output().readableBytes()).isZero();
    }

    @Test
    void writeOverTheMaximumPayloadClosesTheConnection() {
        EmbeddedNbdConnection c = connect(memory, false);
        c.send(NbdWire.request(0, WRITE, 1, 0, (32L << 20) + 1));
        assertThat(c.isOpen()).isFalse();
        assertThat(memory.writes.get()).isZero();
    }

    @Test
    void repliesFollowDeviceCompletionOrder() {
        GatedBlockDevice gated = new GatedBlockDevice(memory);
        memory.fill(0, pattern(8192, 7));
        EmbeddedNbdConnection c = connect(gated, false);
        c.send(NbdWire.request(0, READ, 100, 0, 4096));
        c.send(NbdWire.request(0, READ, 200, 4096, 4096));
        assertThat(gated.pendingCount()).isEqualTo(2);
        assertThat(c.output().readableBytes()).isZero();

        gated.complete(1);
        ByteBuf out = c.output();
        assertThat(NbdWire.readSimpleReply(out).handle()).isEqualTo(200);
        out.skipBytes(4096);
        gated.complete(0);
        assertThat(NbdWire.readSimpleReply(c.output()).handle()).isEqualTo(100);
    }

    @Test
    void deviceFailuresMapToNbdErrors() {
        GatedBlockDevice gated = new GatedBlockDevice(memory);
        EmbeddedNbdConnection c = connect(gated, true);
        c.send(NbdWire.request(0, WRITE, 1, 0, 4, new byte[4]));
        c.send(NbdWire.request(0, FLUSH, 2, 0, 0));
        c.send(NbdWire.request(0, READ, 3, 0, 4));
        gated.fail(0, new BlockIoException(IoError.NO_SPACE, "replica disk full"), () -> {});
        gated.fail(0, new BlockIoException(IoError.DISCONNECTED, "all replicas lost"), () -> {});
        gated.fail(0, new IllegalStateException("bug"), () -> {});
        ByteBuf out = c.output();
        NbdWire.Chunk write = NbdWire.readChunk(out);
        assertThat(write.errorCode()).isEqualTo(ENOSPC);
        assertThat(write.errorMessage()).isEqualTo("replica disk full");
        assertThat(NbdWire.readChunk(out).errorCode())
                .as("ENOTCONN is not an NBD error")
                .isEqualTo(EIO);
        assertThat(NbdWire.readChunk(out).errorCode()).as("unclassified").isEqualTo(EIO);
    }

    @Test
    void backpressureStopsReadingAtTheInFlightLimit() {
        GatedBlockDevice gated = new GatedBlockDevice(memory);
        NbdServerConfig config =
                NbdServerConfig.defaults(new InetSocketAddress(0)).withInFlightLimits(2, 1 << 20);
        EmbeddedNbdConnection c = connect(gated, false, config);
        byte[] four = new byte[4 * (28 + 512)];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(NbdWire.request(0, WRITE, i, i * 512L, 512, pattern(512, i)), 0, four, i * 540, 540);
        }
        c.send(four);
        assertThat(gated.pendingCount()).as("only the limit reaches the device").isEqualTo(2);
        assertThat(c.channel.config().isAutoRead()).isFalse();

        gated.complete(0);
        c.settle();
        assertThat(gated.pendingCount()).isEqualTo(2);
        assertThat(c.channel.config().isAutoRead()).as("two still wait or run").isFalse();
        gated.completeAll();
        c.settle();
        gated.completeAll();
        c.settle();
        assertThat(c.channel.config().isAutoRead()).isTrue();
        ByteBuf out = c.output();
        for (int i = 0; i < 4; i++) {
            assertThat(NbdWire.readSimpleReply(out).error()).isZero();
        }
        assertThat(memory.bytes(3 * 512, 512)).isEqualTo(pattern(512, 3));
        c.assertInputReleased();
    }

    @Test
    void disconnectWaitsForOutstandingRequestsAndIgnoresTheRest() {
        GatedBlockDevice gated = new GatedBlockDevice(memory);
        EmbeddedNbdConnection c = connect(gated, false);
        c.send(NbdWire.request(0, WRITE, 1, 0, 4, new byte[] {1, 2, 3, 4}));
        c.send(NbdWire.request(0, DISC, 2, 0, 0));
        c.send(NbdWire.request(0, WRITE, 3, 8, 4, new byte[] {5, 6, 7, 8}));
        assertThat(c.isOpen()).isTrue();
        assertThat(gated.pendingCount()).isEqualTo(1);
        gated.complete(0);
        assertThat(NbdWire.readSimpleReply(c.output())).isEqualTo(new NbdWire.SimpleReply(0, 1));
        assertThat(c.isOpen()).isFalse();
        assertThat(memory.bytes(0, 12)).containsExactly(1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0);
        c.assertInputReleased();
    }

    @Test
    void payloadsStillHeldWhenTheConnectionDiesAreReleased() {
        GatedBlockDevice gated = new GatedBlockDevice(memory);
        EmbeddedNbdConnection c = connect(gated, false);
        byte[] frame = NbdWire.request(0, WRITE, 1, 0, 4096, pattern(4096, 8));
        c.send(NbdWire.request(0, READ, 9, 0, 4096));
        c.send(Arrays.copyOf(frame, 28 + 100)); // a payload cut short
        c.channel.close();
        gated.completeAll();
        c.settle();
        c.assertInputReleased();
        assertThat(memory.trackedReadCount()).isEqualTo(1);
    }
}
