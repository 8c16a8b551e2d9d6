package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.testsupport.ExternalCommand;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes are simulated by leaving on disk exactly what an interrupted operation leaves (the steps
 * are ordered so nothing else can be left), or by opening a copy of a replica taken while it was
 * open, which is what a power cut leaves after a flush.
 */
class CrashRecoveryTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void crashMidSnapshotLeavesTheOldChainAndItsDataAndNoLeftovers() throws Exception {
        Path dir = tmp.resolve("replica");
        byte[] first = Bytes.pattern(1, 8192);
        byte[] second = Bytes.pattern(2, 4096);
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, 0, first);
            store.snapshot("s1");
            Bytes.write(store, 4096, second);
        }
        // A snapshot got as far as creating its new head (layer 3, here even holding some data) and
        // was writing the new metadata when the machine died.
        try (RandomAccessFile orphan =
                new RandomAccessFile(dir.resolve("layer-000003.img").toFile(), "rw")) {
            orphan.setLength(SIZE);
            orphan.write(Bytes.pattern(3, 4096));
        }
        String current = Files.readString(dir.resolve("replica.json"));
        Files.writeString(dir.resolve("replica.json.tmp"), current.substring(0, current.length() / 2));

        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().chain()).containsExactly("s1", "volume-head");
            assertThat(dir.resolve("layer-000003.img")).doesNotExist();
            assertThat(dir.resolve("replica.json.tmp")).doesNotExist();
            byte[] expected = first.clone();
            System.arraycopy(second, 0, expected, 4096, 4096);
            assertThat(Bytes.read(store, 0, 8192)).isEqualTo(expected);

            store.snapshot("s2");
            assertThat(store.info().chain()).containsExactly("s1", "s2", "volume-head");
            assertThat(Bytes.read(store, 0, 8192)).isEqualTo(expected);
        }
    }

    @Test
    void aReplicaCopiedWhileOpenReopensDirtyWithItsFlushedData() throws Exception {
        Path dir = tmp.resolve("replica");
        Path crashed = tmp.resolve("crashed");
        byte[] data = Bytes.pattern(4, 3 * 4096 + 5);
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, true)) {
            Bytes.write(store, 4096, data);
            store.snapshot("s1");
            Bytes.write(store, 100, data);
            store.flush();
            ExternalCommand.run(
                    Duration.ofSeconds(30), "cp", "-a", "--sparse=always", dir.toString(), crashed.toString());
        }

        try (LayeredReplicaStore store = LayeredReplicaStore.open(crashed)) {
            assertThat(store.info().dirty())
                    .as("a replica that was not closed is dirty")
                    .isTrue();
            assertThat(store.info().revision()).isEqualTo(2);
            assertThat(Bytes.read(store, 100, data.length)).isEqualTo(data);
            byte[] snapshotTail = Arrays.copyOfRange(data, 100 + data.length - 4096, data.length);
            assertThat(Bytes.read(store, 100 + data.length, snapshotTail.length))
                    .isEqualTo(snapshotTail);
        }
        try (LayeredReplicaStore store = LayeredReplicaStore.open(crashed)) {
            assertThat(store.info().dirty()).as("a clean close clears the flag").isFalse();
        }
    }

    @Test
    void crashMidGrowServesTheSizeTheMetadataRecorded() throws Exception {
        Path dir = tmp.resolve("replica");
        byte[] data = Bytes.pattern(5, 4096);
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, SIZE, false)) {
            Bytes.write(store, SIZE - 4096, data);
        }
        // grow resized the head file, then died before switching the metadata.
        try (RandomAccessFile head =
                new RandomAccessFile(dir.resolve("layer-000001.img").toFile(), "rw")) {
            head.setLength(4L * SIZE);
        }

        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.size()).isEqualTo(SIZE);
            assertThat(Files.size(dir.resolve("layer-000001.img"))).isEqualTo(SIZE);
            assertThat(Bytes.read(store, SIZE - 4096, 4096)).isEqualTo(data);
            store.grow(2L * SIZE);
            assertThat(Bytes.read(store, SIZE, 4096)).isEqualTo(new byte[4096]);
        }
    }
}
