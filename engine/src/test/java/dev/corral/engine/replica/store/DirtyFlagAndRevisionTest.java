package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirtyFlagAndRevisionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void dirtyIsPersistedOnTheFirstMutationAndClearedOnCleanClose() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, 1 << 20, false)) {
            assertThat(store.info().dirty()).isFalse();
            assertThat(onDisk(dir).get("dirty").asBoolean()).isFalse();

            Bytes.write(store, 0, Bytes.pattern(1, 512));

            assertThat(store.info().dirty()).isTrue();
            assertThat(onDisk(dir).get("dirty").asBoolean()).isTrue();
        }
        assertThat(onDisk(dir).get("dirty").asBoolean()).isFalse();
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().dirty()).isFalse();
            store.unmap(0, 512);
            assertThat(onDisk(dir).get("dirty").asBoolean()).isTrue();
        }
        assertThat(onDisk(dir).get("dirty").asBoolean()).isFalse();
    }

    @Test
    void revisionCounterCountsEveryWriteAndUnmapAndSurvivesReopen() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, 1 << 20, true)) {
            Bytes.write(store, 0, Bytes.pattern(1, 4096));
            Bytes.write(store, 10, Bytes.pattern(2, 10));
            store.unmap(0, 4096);
            store.snapshot("s");
            Bytes.write(store, 8192, Bytes.pattern(3, 4096));
            store.flush();

            assertThat(store.info().revision()).isEqualTo(4);
            assertThat(Files.readString(dir.resolve("revision.counter"))).isEqualTo("00000000000000000004\n");
        }
        assertThat(onDisk(dir).get("revisionCounter").get("enabled").asBoolean())
                .isTrue();
        assertThat(onDisk(dir).get("revisionCounter").get("value").asLong()).isEqualTo(4);
        try (LayeredReplicaStore store = LayeredReplicaStore.open(dir)) {
            assertThat(store.info().revision()).isEqualTo(4);
            store.unmap(0, 1);
            assertThat(store.info().revision()).isEqualTo(5);
        }
    }

    @Test
    void withoutTheCounterRevisionIsZeroAndNoCounterFileExists() throws Exception {
        Path dir = tmp.resolve("replica");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(dir, 1 << 20, false)) {
            Bytes.write(store, 0, Bytes.pattern(1, 4096));
            assertThat(store.info().revision()).isZero();
        }
        assertThat(dir.resolve("revision.counter")).doesNotExist();
        assertThat(onDisk(dir).get("revisionCounter").get("enabled").asBoolean())
                .isFalse();
    }

    private static JsonNode onDisk(Path dir) throws Exception {
        return JSON.readTree(dir.resolve("replica.json").toFile());
    }
}
