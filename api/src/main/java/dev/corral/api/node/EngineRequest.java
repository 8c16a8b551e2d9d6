package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** {@code POST /v1/engines}: serve {@code volume} from the replica servers at these HOST:PORTs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineRequest(String volume, long size, List<String> replicas) {
    public EngineRequest {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }
}
