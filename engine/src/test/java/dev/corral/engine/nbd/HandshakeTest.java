package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.BlockDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handshake, fed one byte per read through the production pipeline on an EmbeddedChannel. */
class HandshakeTest {
    private static final int ACK = 1;
    private static final int SERVER = 2;
    private static final int INFO = 3;
    private static final int META_CONTEXT = 4;
    private static final int ERR_UNSUP = 0x80000001;
    private static final int ERR_INVALID = 0x80000003;
    private static final int ERR_UNKNOWN = 0x80000006;
    private static final int ERR_TOO_BIG = 0x80000009;
    private static final int EXPECTED_FLAGS_SIMPLE = 0x1 | 0x4 | 0x8 | 0x20 | 0x40 | 0x100;
    private static final int EXPECTED_FLAGS_STRUCTURED = EXPECTED_FLAGS_SIMPLE | 0x80;

    private final MemoryBlockDevice volume = new MemoryBlockDevice(1 << 20);
    private final MemoryBlockDevice other = new MemoryBlockDevice(8192);
    private final EmbeddedNbdConnection connection = new EmbeddedNbdConnection(registry());

    private ExportRegistry registry() {
        Map<String, MemoryBlockDevice> exports = new LinkedHashMap<>();
        exports.put("vol1", volume);
        exports.put("other", other);
        ExportRegistry fixed = ExportRegistry.of(exports);
        return new ExportRegistry() {
            @Override
            public Optional<BlockDevice> find(String name) {
                return fixed.find(name);
            }

            @Override
            public List<String> exportNames() {
                return fixed.exportNames();
            }

            @Override
            public Optional<String> description(String name) {
                return name.equals("vol1") ? Optional.of("test volume") : Optional.empty();
            }
        };
    }

    @AfterEach
    void close() {
        connection.close();
    }

    private NbdWire.OptionReply option(int option, byte[] data) {
        connection.sendBytewise(NbdWire.option(option, data));
        return NbdWire.readOptionReply(connection.output());
    }

    private void start() {
        connection.expectGreeting().sendBytewise(NbdWire.clientFlags(3));
    }

    @Test
    void greetsWithFixedNewstyleAndNoZeroes() {
        connection.expectGreeting();
        assertThat(connection.output().readableBytes()).isZero();
    }

    @Test
    void unknownClientFlagsCloseTheConnection() {
        connection.expectGreeting().sendBytewise(NbdWire.clientFlags(0x4 | 1));
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void badOptionMagicClosesTheConnection() {
        start();
        byte[] option = NbdWire.option(3, new byte[0]);
        option[0] ^= 0x55;
        connection.sendBytewise(option);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void listNamesEveryExportWithItsDescriptionThenAcks() {
        start();
        connection.sendBytewise(NbdWire.option(3, new byte[0]));
        List<String> names = new ArrayList<>();
        NbdWire.OptionReply reply;
        while ((reply = NbdWire.readOptionReply(connection.output())).type() == SERVER) {
            ByteBuf data = Unpooled.wrappedBuffer(reply.data());
            int length = data.readInt();
            names.add(data.readCharSequence(length, StandardCharsets.UTF_8) + "|"
                    + data.toString(StandardCharsets.UTF_8));
            assertThat(reply.option()).isEqualTo(3);
        }
        assertThat(reply.type()).isEqualTo(ACK);
        assertThat(names).containsExactly("vol1|test volume", "other|");
    }

    @Test
    void listWithDataIsInvalid() {
        start();
        assertThat(option(3, new byte[] {1}).type()).isEqualTo(ERR_INVALID);
    }

    @Test
    void infoDescribesTheExportWithoutEnteringTransmission() {
        start();
        connection.sendBytewise(NbdWire.option(6, NbdWire.goData("vol1", 1, 2, 3, 0x7777)));
        Map<Integer, ByteBuf> infos = readInfos(6);
        ByteBuf export = infos.get(0);
        assertThat(export.readLong()).isEqualTo(1 << 20);
        assertThat(export.readUnsignedShort()).isEqualTo(EXPECTED_FLAGS_SIMPLE);
        ByteBuf blockSize = infos.get(3);
        assertThat(blockSize.readInt()).as("minimum").isEqualTo(1);
        assertThat(blockSize.readInt()).as("preferred").isEqualTo(4096);
        assertThat(blockSize.readInt()).as("maximum").isEqualTo(32 << 20);
        assertThat(infos.get(1).toString(StandardCharsets.UTF_8)).isEqualTo("vol1");
        assertThat(infos.get(2).toString(StandardCharsets.UTF_8)).isEqualTo("test volume");

        // Still haggling: another option is answered.
        assertThat(option(3, new byte[0]).type()).isEqualTo(SERVER);
    }

    @Test
    void goWithStructuredRepliesAdvertisesDfAndEntersTransmission() {
        start();
        assertThat(option(8, new byte[0]).type()).isEqualTo(ACK);
        connection.sendBytewise(NbdWire.option(7, NbdWire.goData("other")));
        Map<Integer, ByteBuf> infos = readInfos(7);
        assertThat(infos).doesNotContainKeys(1, 2);
        ByteBuf export = infos.get(0);
        assertThat(export.readLong()).isEqualTo(8192);
        assertThat(export.readUnsignedShort()).isEqualTo(EXPECTED_FLAGS_STRUCTURED);

        // The next bytes are a transmission request: a READ answered with a structured chunk.
        connection.sendBytewise(NbdWire.request(0, 0, 99, 0, 512));
        NbdWire.Chunk chunk = NbdWire.readChunk(connection.output());
        assertThat(chunk.handle()).isEqualTo(99);
        assertThat(chunk.type()).isEqualTo(1);
        assertThat(chunk.done()).isTrue();
    }

    @Test
    void requestsSentInTheSameReadAsGoAreHandedToTransmission() {
        volume.fill(0, new byte[] {42});
        start();
        byte[] go = NbdWire.option(7, NbdWire.goData("vol1"));
        byte[] read = NbdWire.request(0, 0, 5, 0, 1);
        byte[] both = Arrays.copyOf(go, go.length + read.length);
        System.arraycopy(read, 0, both, go.length, read.length);
        connection.send(both);
        readInfos(7);
        ByteBuf out = connection.output();
        assertThat(NbdWire.readSimpleReply(out)).isEqualTo(new NbdWire.SimpleReply(0, 5));
        assertThat(out.readByte()).isEqualTo((byte) 42);
    }

    @Test
    void goForAnUnknownExportIsErrUnknownAndHagglingContinues() {
        start();
        NbdWire.OptionReply reply = option(7, NbdWire.goData("nope"));
        assertThat(reply.type()).isEqualTo(ERR_UNKNOWN);
        assertThat(reply.text()).contains("nope");
        assertThat(option(3, new byte[0]).type()).isEqualTo(SERVER);
    }

    @Test
    void goWithInconsistentLengthsIsInvalid() {
        start();
        byte[] data = NbdWire.goData("vol1", 3);
        data[3] = 100; // name length now exceeds the option data
        assertThat(option(7, data).type()).isEqualTo(ERR_INVALID);
        byte[] truncated = NbdWire.goData("vol1", 3, 1);
        assertThat(option(7, Arrays.copyOf(truncated, truncated.length - 1)).type())
                .isEqualTo(ERR_INVALID);
    }

    @Test
    void exportNameEntersTransmissionWithOrWithoutZeroes() {
        start();
        connection.sendBytewise(NbdWire.option(1, "vol1".getBytes(StandardCharsets.UTF_8)));
        ByteBuf out = connection.output();
        assertThat(out.readLong()).isEqualTo(1 << 20);
        assertThat(out.readUnsignedShort()).isEqualTo(EXPECTED_FLAGS_SIMPLE);
        assertThat(out.readableBytes()).as("NO_ZEROES honoured").isZero();

        try (EmbeddedNbdConnection legacy = new EmbeddedNbdConnection(registry())) {
            legacy.expectGreeting().sendBytewise(NbdWire.clientFlags(1));
            legacy.sendBytewise(NbdWire.option(1, "vol1".getBytes(StandardCharsets.UTF_8)));
            ByteBuf legacyOut = legacy.output();
            assertThat(legacyOut.readableBytes()).isEqualTo(8 + 2 + 124);
            legacyOut.skipBytes(10);
            while (legacyOut.isReadable()) {
                assertThat(legacyOut.readByte()).isZero();
            }
        }
    }

    @Test
    void exportNameForAnUnknownExportClosesTheConnection() {
        start();
        connection.sendBytewise(NbdWire.option(1, "nope".getBytes(StandardCharsets.UTF_8)));
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void abortIsAcknowledgedThenClosed() {
        start();
        NbdWire.OptionReply reply = option(2, new byte[0]);
        assertThat(reply.type()).isEqualTo(ACK);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void unsupportedOptionsAreRefusedAndHagglingContinues() {
        start();
        assertThat(option(5, new byte[0]).type()).as("STARTTLS").isEqualTo(ERR_UNSUP);
        assertThat(option(11, new byte[0]).type()).as("EXTENDED_HEADERS").isEqualTo(ERR_UNSUP);
        assertThat(option(4, new byte[] {1, 2, 3}).type()).as("PEEK_EXPORT").isEqualTo(ERR_UNSUP);
        assertThat(option(0x7fff0000, new byte[7]).type()).as("unknown").isEqualTo(ERR_UNSUP);
        assertThat(option(8, new byte[1]).type())
                .as("STRUCTURED_REPLY with data")
                .isEqualTo(ERR_INVALID);
        assertThat(option(3, new byte[0]).type()).isEqualTo(SERVER);
    }

    @Test
    void optionDataOverTheLimitIsSkippedAndRefused() {
        start();
        int length = HandshakeHandler.MAX_OPTION_DATA + 1;
        connection.send(NbdWire.optionHeader(6, length));
        connection.send(new byte[length]);
        NbdWire.OptionReply reply = NbdWire.readOptionReply(connection.output());
        assertThat(reply.type()).isEqualTo(ERR_TOO_BIG);
        assertThat(reply.option()).isEqualTo(6);
        assertThat(option(3, new byte[0]).type()).isEqualTo(SERVER);
    }

    @Test
    void exportNameOverTheLimitClosesTheConnection() {
        start();
        connection.send(NbdWire.optionHeader(1, HandshakeHandler.MAX_OPTION_DATA + 1));
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void metaContextsNeedStructuredReplies() {
        start();
        assertThat(option(9, NbdWire.metaContextData("vol1")).type()).isEqualTo(ERR_INVALID);
        assertThat(option(10, NbdWire.metaContextData("vol1", "base:allocation"))
                        .type())
                .isEqualTo(ERR_INVALID);
    }

    @Test
    void listMetaContextMatchesBaseAllocationByWildcardOrName() {
        start();
        option(8, new byte[0]);
        for (String[] queries :
                new String[][] {{}, {"base:"}, {"base:allocation"}, {"qemu:dirty-bitmap:x", "base:allocation"}}) {
            connection.sendBytewise(NbdWire.option(9, NbdWire.metaContextData("vol1", queries)));
            NbdWire.OptionReply context = NbdWire.readOptionReply(connection.output());
            assertThat(context.type()).isEqualTo(META_CONTEXT);
            assertThat(new String(context.data(), 4, context.data().length - 4, StandardCharsets.UTF_8))
                    .isEqualTo("base:allocation");
            assertThat(NbdWire.readOptionReply(connection.output()).type()).isEqualTo(ACK);
        }
        assertThat(option(9, NbdWire.metaContextData("vol1", "qemu:x")).type())
                .as("unknown namespace: nothing, then ACK")
                .isEqualTo(ACK);
        assertThat(option(9, NbdWire.metaContextData("vol1", "nonamespace")).type())
                .isEqualTo(ERR_INVALID);
        assertThat(option(9, NbdWire.metaContextData("nope")).type()).isEqualTo(ERR_UNKNOWN);
    }

    @Test
    void setMetaContextSelectsBaseAllocationWithANonZeroId() {
        start();
        option(8, new byte[0]);
        assertThat(option(10, NbdWire.metaContextData("vol1", "base:")).type())
                .as("bare namespace selects nothing")
                .isEqualTo(ACK);
        connection.sendBytewise(NbdWire.option(10, NbdWire.metaContextData("vol1", "base:allocation")));
        NbdWire.OptionReply context = NbdWire.readOptionReply(connection.output());
        assertThat(context.type()).isEqualTo(META_CONTEXT);
        assertThat(Unpooled.wrappedBuffer(context.data()).readInt()).isNotZero();
        assertThat(NbdWire.readOptionReply(connection.output()).type()).isEqualTo(ACK);
    }

    @Test
    void blockStatusNeedsTheContextSelectedForTheSameExport() {
        start();
        option(8, new byte[0]);
        option(10, NbdWire.metaContextData("vol1", "base:allocation"));
        NbdWire.readOptionReply(connection.output());
        connection.sendBytewise(NbdWire.option(7, NbdWire.goData("other")));
        readInfos(7);
        connection.sendBytewise(NbdWire.request(0, 7, 5, 0, 4096));
        NbdWire.Chunk chunk = NbdWire.readChunk(connection.output());
        assertThat(chunk.type()).isEqualTo(0x8001);
        assertThat(chunk.errorCode()).isEqualTo(22);
    }

    @Test
    void unfinishedHandshakeTimesOut() {
        try (EmbeddedNbdConnection slow = new EmbeddedNbdConnection(
                registry(),
                NbdServerConfig.defaults(new InetSocketAddress(0)).withHandshakeTimeout(Duration.ofSeconds(5)))) {
            slow.expectGreeting();
            slow.channel.advanceTimeBy(4, TimeUnit.SECONDS);
            slow.channel.runScheduledPendingTasks();
            assertThat(slow.isOpen()).isTrue();
            slow.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            slow.channel.runScheduledPendingTasks();
            assertThat(slow.isOpen()).isFalse();
        }
    }

    @Test
    void everyInboundBufferIsReleased() {
        start();
        option(3, new byte[0]);
        connection.output().skipBytes(connection.output().readableBytes());
        option(6, NbdWire.goData("vol1", 3));
        connection.assertInputReleased();
    }

    /** Reads NBD_REP_INFO replies up to the final ACK, by information type. */
    private Map<Integer, ByteBuf> readInfos(int option) {
        Map<Integer, ByteBuf> infos = new LinkedHashMap<>();
        NbdWire.OptionReply reply;
        while ((reply = NbdWire.readOptionReply(connection.output())).type() == INFO) {
            assertThat(reply.option()).isEqualTo(option);
            ByteBuf data = Unpooled.wrappedBuffer(reply.data());
            infos.put(data.readUnsignedShort(), data);
        }
        assertThat(reply.type()).isEqualTo(ACK);
        return infos;
    }
}
