package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.ReplicaInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused requests fail with a classified, explained error and change nothing. */
class BadInputTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path tmp;

    private Path dir;
    private LayeredReplicaStore store;
    private byte[] data;
    private ReplicaInfo infoBefore;
    private List<String> filesBefore;

    @BeforeEach
    void createStoreWithData() throws Exception {
        dir = tmp.resolve("replica");
        store = LayeredReplicaStore.create(dir, SIZE, true);
        data = Bytes.pattern(1, SIZE);
        Bytes.write(store, 0, data);
        store.snapshot("taken");
        infoBefore = store.info();
        filesBefore = files();
    }

    @AfterEach
    void nothingChanged() throws Exception {
        assertThat(store.info()).isEqualTo(infoBefore);
        assertThat(files()).isEqualTo(filesBefore);
        Bytes.assertSameBytes(Bytes.read(store, 0, SIZE), data, "volume after refused requests");
        store.close();
    }

    @Test
    void rangesOutsideTheVolumeAreInvalidAndNamed() {
        assertInvalid(() -> store.read(SIZE - 10, ByteBuffer.allocate(11)))
                .hasMessageContaining("offset " + (SIZE - 10))
                .hasMessageContaining("11 bytes")
                .hasMessageContaining("volume of " + SIZE);
        assertInvalid(() -> store.read(-1, ByteBuffer.allocate(1))).hasMessageContaining("offset -1");
        assertInvalid(() -> store.write(SIZE, Bytes.direct(new byte[1]))).hasMessageContaining("offset " + SIZE);
        assertInvalid(() -> store.write(Long.MAX_VALUE, Bytes.direct(new byte[4096])));
        assertInvalid(() -> store.unmap(0, SIZE + 1L)).hasMessageContaining("unmap of " + (SIZE + 1) + " bytes");
        assertInvalid(() -> store.unmap(4096, -4096));
        assertInvalid(() -> store.extents(SIZE, 1)).hasMessageContaining("extents");
    }

    @Test
    void badSnapshotNamesAreInvalid() {
        for (String name : new String[] {"", "has space", "slash/name", "ümlaut", "x".repeat(65), "a:b"}) {
            assertInvalid(() -> store.snapshot(name)).hasMessageContaining("is invalid");
        }
        assertInvalid(() -> store.snapshot(null)).hasMessageContaining("is invalid");
        assertInvalid(() -> store.snapshot("volume-head")).hasMessageContaining("reserved");
        assertInvalid(() -> store.snapshot("taken")).hasMessageContaining("already exists");
    }

    @Test
    void shrinkingAndUnalignedSizesAreInvalid() {
        assertInvalid(() -> store.grow(SIZE - 4096)).hasMessageContaining("can only grow");
        assertInvalid(() -> store.grow(SIZE + 100)).hasMessageContaining("multiple of 4096");
        assertInvalid(() -> LayeredReplicaStore.create(tmp.resolve("other"), 5000, false))
                .hasMessageContaining("multiple of 4096");
        assertInvalid(() -> LayeredReplicaStore.create(tmp.resolve("other"), 0, false));
    }

    @Test
    void createRefusesANonEmptyDirectoryAndOpenRefusesAnythingButAReplica() throws Exception {
        Path occupied = Files.createDirectories(tmp.resolve("occupied"));
        Files.writeString(occupied.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> LayeredReplicaStore.create(occupied, SIZE, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("notes.txt");
        assertThatThrownBy(() -> LayeredReplicaStore.create(dir, SIZE, false)).hasMessageContaining("not empty");
        assertThatThrownBy(() -> LayeredReplicaStore.open(occupied))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("replica.json is missing");
        assertThatThrownBy(() -> LayeredReplicaStore.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already open");
        assertThat(Files.readString(occupied.resolve("notes.txt"))).isEqualTo("keep me");
    }

    @Test
    void theChainIsCappedAtMaxLayers() throws Exception {
        for (int i = store.info().chain().size(); i < LayeredReplicaStore.MAX_LAYERS; i++) {
            store.snapshot("s" + i);
        }
        assertThat(store.info().chain()).hasSize(LayeredReplicaStore.MAX_LAYERS);
        infoBefore = store.info();
        filesBefore = files();

        assertInvalid(() -> store.snapshot("one-too-many")).hasMessageContaining("250 layers");
    }

    @Test
    void aClosedStoreRefusesWorkAsShutDown() throws Exception {
        store.close();
        assertThatThrownBy(() -> store.read(0, ByteBuffer.allocate(1)))
                .isInstanceOf(BlockIoException.class)
                .extracting(e -> ((BlockIoException) e).error())
                .isEqualTo(IoError.SHUTDOWN);
        store = LayeredReplicaStore.open(dir);
        infoBefore = store.info();
        filesBefore = files();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(ThrowingCallable call) {
        AbstractThrowableAssert<?, ? extends Throwable> thrown =
                assertThatThrownBy(call).isInstanceOf(BlockIoException.class);
        thrown.extracting(e -> ((BlockIoException) e).error()).isEqualTo(IoError.INVALID);
        return thrown;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
