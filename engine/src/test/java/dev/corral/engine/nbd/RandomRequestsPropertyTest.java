package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.slf4j.LoggerFactory;

/**
 * Streams of random, mostly-invalid requests, split into random reads: whatever arrives, the server
 * never fails unexpectedly (no WARN/ERROR logged), releases every buffer, and never changes data.
 * Frames that would legitimately write are made invalid before sending, so the data must stay
 * exactly as it was.
 */
class RandomRequestsPropertyTest {
    private static final int SIZE = 1 << 20;
    private static final int WRITE = 1;
    private static final int TRIM = 4;
    private static final int WRITE_ZEROES = 6;
    private static final byte[] CONTENT = new byte[SIZE];

    static {
        new Random(3).nextBytes(CONTENT);
    }

    record Frame(int magic, int flags, int type, long offset, long length) {
        /** Whether the server would accept it as a data-changing request. */
        boolean wouldWrite() {
            int allowed = switch (type) {
                case WRITE, TRIM -> 1;
                case WRITE_ZEROES -> 3;
                default -> -1;
            };
            return magic == NbdWire.REQUEST_MAGIC
                    && allowed >= 0
                    && (flags & ~allowed) == 0
                    && length > 0
                    && offset >= 0
                    && length <= SIZE - offset;
        }

        byte[] bytes() {
            Frame frame = wouldWrite() ? new Frame(magic, flags, type, SIZE, length) : this;
            byte[] header = NbdWire.request(frame.flags, frame.type, 1, frame.offset, frame.length);
            header[0] = (byte) (magic >>> 24);
            header[1] = (byte) (magic >>> 16);
            header[2] = (byte) (magic >>> 8);
            header[3] = (byte) magic;
            // Payloads are sent for modest writes; a larger one swallows the frames after it.
            int payload = type == WRITE && length <= 65536 ? (int) length : 0;
            byte[] bytes = new byte[header.length + payload];
            System.arraycopy(header, 0, bytes, 0, header.length);
            return bytes;
        }
    }

    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<Integer> magic = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just(NbdWire.REQUEST_MAGIC)), Tuple.of(1, Arbitraries.integers()));
        Arbitrary<Integer> flags = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 31),
                Arbitraries.integers().between(0, 0xFFFF));
        Arbitrary<Integer> type = Arbitraries.integers().between(0, 12);
        Arbitrary<Long> offset = Arbitraries.oneOf(
                Arbitraries.of(0L, 512L, SIZE - 512L, (long) SIZE, SIZE + 1L, Long.MIN_VALUE, -1L),
                Arbitraries.longs().between(0, SIZE),
                Arbitraries.longs());
        Arbitrary<Long> length = Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 512L, 4096L, (long) SIZE, (32L << 20) + 1, 0xFFFFFFFFL),
                Arbitraries.longs().between(0, 70_000));
        return Combinators.combine(magic, flags, type, offset, length)
                .as(Frame::new)
                .list()
                .ofMaxSize(40);
    }

    @Property(tries = 150)
    void randomRequestsNeverCrashLeakOrChangeData(
            @ForAll("frames") List<Frame> frames,
            @ForAll boolean structured,
            @ForAll @IntRange(min = 1, max = 700) int readSize) {
        Logger nbdLogger = (Logger) LoggerFactory.getLogger("dev.corral.engine.nbd");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        nbdLogger.addAppender(logged);
        MemoryBlockDevice device = new MemoryBlockDevice(SIZE).trackReadBuffers();
        device.fill(0, CONTENT);
        String before = device.checksum();
        EmbeddedNbdConnection connection = new EmbeddedNbdConnection(ExportRegistry.of(Map.of("vol", device)));
        try {
            connection.negotiate("vol", structured);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            frames.forEach(frame -> stream.writeBytes(frame.bytes()));
            byte[] bytes = stream.toByteArray();
            for (int start = 0; start < bytes.length && connection.isOpen(); start += readSize) {
                connection.send(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + readSize)));
            }
            connection.output();
            connection.channel.checkException();
        } finally {
            connection.close();
            nbdLogger.detachAppender(logged);
        }
        // A partly received payload legitimately holds input until the connection ends.
        connection.assertInputReleased();
        device.assertReadBuffersReleased();
        assertThat(device.checksum()).isEqualTo(before);
        assertThat(logged.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .isEmpty();
    }
}
