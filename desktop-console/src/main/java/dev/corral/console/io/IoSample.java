package dev.corral.console.io;

import dev.corral.agent.api.ClusterIo;
import dev.corral.agent.api.VolumeIo;
import dev.corral.engine.stats.IoStats;
import dev.corral.engine.stats.OpKind;

/**
 * One reading of I/O rates: operations and bytes per second, each over the engine's last second.
 *
 * @param atMillis when it was taken, in the console's clock
 */
public record IoSample(long atMillis, double readOps, double writeOps, double readBytes, double writeBytes) {
    public static IoSample of(long atMillis, ClusterIo io) {
        return new IoSample(
                atMillis,
                io.read().opsPerSec(),
                io.write().opsPerSec(),
                io.read().bytesPerSec(),
                io.write().bytesPerSec());
    }

    public static IoSample of(long atMillis, VolumeIo io) {
        IoStats.OpStats read = io.op(OpKind.READ);
        IoStats.OpStats write = io.op(OpKind.WRITE);
        return new IoSample(atMillis, read.opsPerSec(), write.opsPerSec(), read.bytesPerSec(), write.bytesPerSec());
    }
}
