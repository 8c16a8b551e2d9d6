package dev.corral.engine.wire;

import dev.corral.engine.replica.ReplicaInfo;
import java.util.Objects;

/** The answer to INFO; JSON on the wire. */
public record InfoResponse(long id, ReplicaInfo info) implements Response {
    public InfoResponse {
        Objects.requireNonNull(info, "info");
    }
}
