package dev.corral.engine.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.corral.engine.replica.ReplicaInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The INFO payload: ReplicaInfo as JSON. Unknown fields are ignored so newer replicas can add some. */
final class ReplicaInfoJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(ReplicaInfo.class);
    private static final ObjectReader READER = MAPPER.readerFor(ReplicaInfo.class);

    private ReplicaInfoJson() {}

    static void write(ByteBuf out, ReplicaInfo info) throws IOException {
        WRITER.writeValue((OutputStream) new ByteBufOutputStream(out), info);
    }

    /** Reads all readable bytes of {@code in}. */
    static ReplicaInfo read(ByteBuf in) throws IOException {
        return READER.readValue((InputStream) new ByteBufInputStream(in));
    }
}
