package dev.corral.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's I/O now: the sum of every running engine's rates over its last second.
 *
 * @param engines how many running engines were asked
 * @param unreachable volumes whose engine did not answer (their I/O is missing from the sums)
 */
public record ClusterIo(int engines, List<String> unreachable, Rates read, Rates write) {
    public record Rates(double opsPerSec, double bytesPerSec) {
        Rates plus(JsonNode op) {
            return new Rates(
                    opsPerSec + op.path("opsPerSec").asDouble(0),
                    bytesPerSec + op.path("bytesPerSec").asDouble(0));
        }
    }

    public ClusterIo {
        unreachable = List.copyOf(unreachable);
    }

    /**
     * @param volumes the volumes asked, in the order of {@code answers}
     * @param answers each engine's {@code /v1/stats} answer, null where it did not answer
     */
    static ClusterIo sum(List<String> volumes, List<JsonNode> answers) {
        Rates read = new Rates(0, 0);
        Rates write = new Rates(0, 0);
        List<String> unreachable = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode answer = answers.get(i);
            if (answer == null) {
                unreachable.add(volumes.get(i));
                continue;
            }
            read = read.plus(answer.path("ops").path("READ"));
            write = write.plus(answer.path("ops").path("WRITE"));
        }
        return new ClusterIo(volumes.size(), unreachable, read, write);
    }
}
