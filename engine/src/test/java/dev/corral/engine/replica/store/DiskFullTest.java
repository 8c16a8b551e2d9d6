package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.NeedsRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fills a real, tiny ext4 file system (loop-mounted; the tests run as root) until writes fail. */
@NeedsRoot
class DiskFullTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final int CHUNK = 256 * 1024;
    private static final long VOLUME = 64L << 20;

    @TempDir
    Path tmp;

    private Path mountPoint;
    private boolean mounted;

    @BeforeEach
    void mountTinyFileSystem() throws Exception {
        Path image = tmp.resolve("fs.img");
        mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        ExternalCommand.run(COMMAND_TIMEOUT, "truncate", "-s", "16M", image.toString());
        ExternalCommand.run(COMMAND_TIMEOUT, "mkfs.ext4", "-q", "-F", image.toString());
        ExternalCommand.run(COMMAND_TIMEOUT, "mount", "-o", "loop", image.toString(), mountPoint.toString());
        mounted = true;
    }

    @AfterEach
    void unmount() {
        if (mounted) {
            ExternalCommand.run(COMMAND_TIMEOUT, "umount", mountPoint.toString());
        }
    }

    @Test
    void aFullDiskFailsWritesWithNoSpaceAndKeepsAcknowledgedData() throws Exception {
        Path dir = mountPoint.resolve("replica");
        List<byte[]> acknowledged = new ArrayList<>();
        BlockIoException failure = null;
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, VOLUME, true)) {
            Bytes.write(store, 0, Bytes.pattern(0, CHUNK));
            acknowledged.add(Bytes.pattern(0, CHUNK));
            store.snapshot("before-full");
            for (int i = 1; i < VOLUME / CHUNK && failure == null; i++) {
                byte[] chunk = Bytes.pattern(i, CHUNK);
                try {
                    Bytes.write(store, (long) i * CHUNK, chunk);
                    acknowledged.add(chunk);
                } catch (BlockIoException e) {
                    failure = e;
                }
            }

            assertThat(failure)
                    .as("the 16 MiB file system fills up before the 64 MiB volume")
                    .isNotNull();
            assertThat(failure.error()).isEqualTo(IoError.NO_SPACE);
            assertThat(BlockIoException.classify(failure)).isEqualTo(IoError.NO_SPACE);
            assertThat(failure.getMessage()).contains("No space left on device");
            assertAcknowledgedDataReadsBack(store, acknowledged);
            // The write that found no room left none of its bytes: its range reads as it did
            // (never written: zeros), as on a replica that had room and whose write was not acked.
            long failedAt = (long) acknowledged.size() * CHUNK;
            assertThat(Bytes.read(store, failedAt, CHUNK))
                    .as("the failed write's range")
                    .containsOnly(0);
            // That gave back what the failed write had taken; take it again, a block at a time.
            byte[] block = Bytes.pattern(7, 4096);
            boolean full = false;
            for (long at = failedAt; at < failedAt + CHUNK && !full; at += block.length) {
                try {
                    Bytes.write(store, at, block);
                } catch (BlockIoException e) {
                    assertThat(e.error()).isEqualTo(IoError.NO_SPACE);
                    full = true;
                }
            }
            assertThat(full).as("the disk is full again").isTrue();
            assertThatThrownBy(() -> store.write(0, Bytes.direct(Bytes.pattern(99, 64 * 1024))))
                    .as("copying up snapshot blocks needs space too")
                    .isInstanceOf(BlockIoException.class)
                    .extracting(e -> ((BlockIoException) e).error())
                    .isEqualTo(IoError.NO_SPACE);
            assertAcknowledgedDataReadsBack(store, acknowledged);

            // Unmapping head-only data punches holes and gives space back; writes work again.
            int last = acknowledged.size() - 1;
            store.unmap((long) (last - 3) * CHUNK, 4L * CHUNK);
            acknowledged.subList(last - 3, last + 1).replaceAll(ignored -> new byte[CHUNK]);
            byte[] again = Bytes.pattern(1000, CHUNK);
            Bytes.write(store, (long) (last - 3) * CHUNK, again);
            acknowledged.set(last - 3, again);
            store.flush();
            assertAcknowledgedDataReadsBack(store, acknowledged);
        }

        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().chain()).containsExactly("before-full", "volume-head");
            assertAcknowledgedDataReadsBack(store, acknowledged);
        }
    }

    private static void assertAcknowledgedDataReadsBack(LayeredReplicaStore store, List<byte[]> chunks)
            throws Exception {
        for (int i = 0; i < chunks.size(); i++) {
            Bytes.assertSameBytes(Bytes.read(store, (long) i * CHUNK, CHUNK), chunks.get(i), "chunk " + i);
        }
    }
}
