package dev.corral.engine.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.corral.engine.block.Extent;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.LayerSummary;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The payloads of the snapshot-tree and rebuild ops: the layer tree and the rebuild chain as JSON
 * (unknown fields ignored, so newer replicas can add some), digests as 16 bytes per block (u64
 * block index, ascending, then u64 hash), a summary as 16 bytes (u64 block count, u64 hash).
 */
public final class LayerCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    private static final ObjectWriter LAYERS_WRITER = MAPPER.writerFor(new TypeReference<List<LayerInfo>>() {});
    private static final ObjectReader LAYERS_READER = MAPPER.readerFor(new TypeReference<List<LayerInfo>>() {});
    private static final ObjectWriter CHAIN_WRITER = MAPPER.writerFor(new TypeReference<List<LayerSpec>>() {});
    private static final ObjectReader CHAIN_READER = MAPPER.readerFor(new TypeReference<List<LayerSpec>>() {});

    private LayerCodec() {}

    public static void writeLayers(ByteBuf out, List<LayerInfo> layers) throws IOException {
        LAYERS_WRITER.writeValue((OutputStream) new ByteBufOutputStream(out), layers);
    }

    /** Reads all readable bytes of {@code in}. */
    public static List<LayerInfo> readLayers(ByteBuf in) throws IOException {
        return List.copyOf(LAYERS_READER.<List<LayerInfo>>readValue((InputStream) new ByteBufInputStream(in)));
    }

    public static void writeChain(ByteBuf out, List<LayerSpec> chain) throws IOException {
        CHAIN_WRITER.writeValue((OutputStream) new ByteBufOutputStream(out), chain);
    }

    /** Reads all readable bytes of {@code in}; a malformed chain throws. */
    public static List<LayerSpec> readChain(ByteBuf in) throws IOException {
        List<LayerSpec> chain = CHAIN_READER.readValue((InputStream) new ByteBufInputStream(in));
        if (chain == null || chain.contains(null)) {
            throw new IOException("rebuild chain is not a list of layers");
        }
        return List.copyOf(chain);
    }

    public static void writeExtents(ByteBuf out, List<Extent> extents) {
        ExtentListCodec.write(out, extents);
    }

    /** Reads all readable bytes of {@code in}, a whole number of extents. */
    public static List<Extent> readExtents(ByteBuf in) {
        if (in.readableBytes() % WireFormat.EXTENT_BYTES != 0) {
            throw new CorruptedFrameException("extent list of " + in.readableBytes() + " bytes is not whole");
        }
        return ExtentListCodec.read(in, in.readableBytes() / WireFormat.EXTENT_BYTES);
    }

    public static void writeDigests(ByteBuf out, LayerDigests digests) {
        for (int i = 0; i < digests.count(); i++) {
            out.writeLong(digests.blocks()[i]);
            out.writeLong(digests.hashes()[i]);
        }
    }

    /** Reads all readable bytes of {@code in}, a whole number of digests with ascending blocks. */
    public static LayerDigests readDigests(ByteBuf in) {
        if (in.readableBytes() % WireFormat.DIGEST_BYTES != 0) {
            throw new CorruptedFrameException("digest list of " + in.readableBytes() + " bytes is not whole");
        }
        int count = in.readableBytes() / WireFormat.DIGEST_BYTES;
        long[] blocks = new long[count];
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            blocks[i] = in.readLong();
            hashes[i] = in.readLong();
            if (blocks[i] < 0 || (i > 0 && blocks[i] <= blocks[i - 1])) {
                throw new CorruptedFrameException("digest blocks are not ascending at entry " + i);
            }
        }
        return new LayerDigests(blocks, hashes);
    }

    public static void writeSummary(ByteBuf out, LayerSummary summary) {
        out.writeLong(summary.allocatedBlocks());
        out.writeLong(summary.hash());
    }

    public static LayerSummary readSummary(ByteBuf in) {
        if (in.readableBytes() != WireFormat.SUMMARY_BYTES) {
            throw new CorruptedFrameException("layer summary of " + in.readableBytes() + " bytes");
        }
        return new LayerSummary(in.readLong(), in.readLong());
    }
}
