package dev.corral.console.io;

import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.OpStats;
import dev.corral.api.v1.VolumeIo;

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
        OpStats read = io.op(IoOp.READ);
        OpStats write = io.op(IoOp.WRITE);
        return new IoSample(atMillis, read.opsPerSec(), write.opsPerSec(), read.bytesPerSec(), write.bytesPerSec());
    }
}
