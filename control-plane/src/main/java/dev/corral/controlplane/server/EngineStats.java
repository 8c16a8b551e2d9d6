package dev.corral.controlplane.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.OpStats;
import dev.corral.api.v1.VolumeIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engines' statistics answers read into the API's I/O types. */
final class EngineStats {
    private static final ObjectReader OPS = ResourceJson.mapper()
            .readerFor(new TypeReference<Map<IoOp, OpStats>>() {})
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EngineStats() {}

    /** From an engine's {@code GET /v1/stats} answer. */
    static VolumeIo volumeIo(String volume, JsonNode engineStats) {
        JsonNode ops = engineStats.path("ops");
        if (ops.isMissingNode() || ops.isNull()) {
            return new VolumeIo(volume, Map.of());
        }
        try {
            return new VolumeIo(volume, OPS.readValue(ops));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param volumes the volumes asked, in the order of {@code answers}
     * @param answers each engine's {@code /v1/stats} answer, null where it did not answer
     */
    static ClusterIo sum(List<String> volumes, List<JsonNode> answers) {
        ClusterIo.Rates read = ClusterIo.Rates.ZERO;
        ClusterIo.Rates write = ClusterIo.Rates.ZERO;
        List<String> unreachable = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode answer = answers.get(i);
            if (answer == null) {
                unreachable.add(volumes.get(i));
                continue;
            }
            read = plus(read, answer.path("ops").path(IoOp.READ.name()));
            write = plus(write, answer.path("ops").path(IoOp.WRITE.name()));
        }
        return new ClusterIo(volumes.size(), unreachable, read, write);
    }

    private static ClusterIo.Rates plus(ClusterIo.Rates rates, JsonNode op) {
        return rates.plus(
                op.path("opsPerSec").asDouble(0), op.path("bytesPerSec").asDouble(0));
    }
}
