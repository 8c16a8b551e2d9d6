package dev.corral.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.NeedsRoot;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica on a disk that starts failing: ext4 on a loop device over nbdfuse over nbdkit's memory
 * plugin, whose error filter fails every write while a trigger file exists. Linux reports such a
 * writeback error to one fsync and then forgets it (tried by hand here: the next fsync returns 0
 * over data that never reached the disk), so the replica must latch it.
 */
@NeedsRoot
class ReplicaDiskErrorsTest {
    private static final Duration T = Duration.ofMinutes(1);
    private static final long SIZE = 4L << 20;

    @TempDir
    Path dir;

    private Process nbdkit;
    private Ext4OnVolume disk;
    private Path trigger;

    @BeforeEach
    void failingDisk() throws IOException {
        trigger = dir.resolve("fail-writes");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        nbdkit = ExternalCommand.start(
                dir.resolve("nbdkit.log"),
                "nbdkit",
                "-f",
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "--filter=error",
                "memory",
                "64M",
                "error-pwrite=EIO",
                "error-pwrite-rate=100%",
                "error-pwrite-file=" + trigger);
        String uri = "nbd://127.0.0.1:" + port;
        Await.until(
                T,
                "nbdkit listens",
                () -> ExternalCommand.runAllowingFailure(T, List.of("nbdinfo", "--size", uri))
                                .exitCode()
                        == 0);
        // lazytime: an overwrite then changes no metadata, so only data blocks meet the failing disk.
        disk = Ext4OnVolume.format(dir, uri, List.of("lazytime", "errors=continue"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        Files.deleteIfExists(trigger);
        if (disk != null) {
            disk.close();
        }
        if (nbdkit != null) {
            nbdkit.destroy();
        }
    }

    @Test
    void aFailedFsyncIsLatchedAndNoLaterFlushOrRequestSucceeds() throws IOException {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(disk.root().resolve("replica"), SIZE, false)) {
            store.write(0, block((byte) 'a'));
            store.flush();
            store.write(0, block((byte) 'b'));
            store.flush();

            Files.createFile(trigger);
            store.write(0, block((byte) 'c'));
            assertThatThrownBy(store::flush)
                    .isInstanceOfSatisfying(
                            BlockIoException.class, e -> assertThat(e.error()).isEqualTo(IoError.IO))
                    .hasMessageContaining("fsync failed");
            Files.delete(trigger);

            // The disk works again and the kernel would now answer fsync with success; the replica
            // does not, and refuses everything else too: its data is no longer vouched for.
            assertThatThrownBy(store::flush).hasMessageContaining("must be rebuilt");
            assertThatThrownBy(() -> store.write(8192, block((byte) 'd'))).hasMessageContaining("must be rebuilt");
            assertThatThrownBy(() -> store.read(0, ByteBuffer.allocateDirect(4096)))
                    .hasMessageContaining("must be rebuilt");
        }
    }

    private static ByteBuffer block(byte fill) {
        byte[] bytes = new byte[4096];
        Arrays.fill(bytes, fill);
        return ByteBuffer.allocateDirect(4096).put(bytes).flip();
    }
}
