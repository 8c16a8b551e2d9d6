package dev.corral.controlplane.server;

import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.OpStats;
import dev.corral.api.v1.VolumeIo;
import java.util.ArrayList;
import java.util.List;

/** The cluster's I/O from its engines' statistics. */
final class EngineStats {
    private EngineStats() {}

    /**
     * @param volumes the volumes asked, in the order of {@code answers}
     * @param answers each engine's statistics, null where it did not answer
     */
    static ClusterIo sum(List<String> volumes, List<VolumeIo> answers) {
        ClusterIo.Rates read = ClusterIo.Rates.ZERO;
        ClusterIo.Rates write = ClusterIo.Rates.ZERO;
        List<String> unreachable = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeIo answer = answers.get(i);
            if (answer == null) {
                unreachable.add(volumes.get(i));
                continue;
            }
            read = plus(read, answer.op(IoOp.READ));
            write = plus(write, answer.op(IoOp.WRITE));
        }
        return new ClusterIo(volumes.size(), unreachable, read, write);
    }

    private static ClusterIo.Rates plus(ClusterIo.Rates rates, OpStats op) {
        return rates.plus(op.opsPerSec(), op.bytesPerSec());
    }
}
