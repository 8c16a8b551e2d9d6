package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volume's data is its owner's alone: no other local user may read a replica's files. */
class FileModesTest {
    @Test
    void everyFileOfAReplicaIsOwnerOnly(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("replicas").resolve("vol-1");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, 4 << 20, false)) {
            store.write(0, ByteBuffer.wrap(Bytes.pattern(1, 8192)));
            store.snapshot("one");
            store.write(4096, ByteBuffer.wrap(Bytes.pattern(2, 4096)));
            store.flush();
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3); // metadata, head, a snapshot layer, lock
        for (Path file : files) {
            assertThat(mode(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
