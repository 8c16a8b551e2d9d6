package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A running engine: the size it serves, where clients connect ({@code nbd://HOST:PORT/VOLUME}),
 * its replicas and the running or last rebuild (null when none ran). Its other operations are
 * reached through the node's API under {@code /v1/engines/{volume}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineView(String volume, long size, String endpoint, List<EngineReplica> replicas, RebuildView rebuild) {
    public EngineView {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    public boolean rebuilding() {
        return rebuild != null && rebuild.inProgress();
    }
}
