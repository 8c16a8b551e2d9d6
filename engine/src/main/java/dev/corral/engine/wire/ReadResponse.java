package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The data a READ asked for. The response owns {@code data}, like {@link WriteRequest}. */
public record ReadResponse(long id, ByteBuf data) implements Response, CarriesData {
    public ReadResponse {
        Objects.requireNonNull(data, "data");
        Ranges.requireDataLength(data.readableBytes());
    }
}
