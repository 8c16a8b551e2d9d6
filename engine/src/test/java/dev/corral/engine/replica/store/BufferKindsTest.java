package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferKindsTest {
    private static final int SIZE = 8 << 20;

    @TempDir
    Path tmp;

    @Test
    void readOnlyHeapAndSlicedBuffersWriteTheirRemainingBytes() throws Exception {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("replica"), SIZE, false)) {
            byte[] data = Bytes.pattern(1, 3 << 20); // larger than the 1 MiB bounce buffers
            ByteBuffer readOnlyDirect = Bytes.direct(data).asReadOnlyBuffer();
            ByteBuffer heapWithPosition = ByteBuffer.wrap(data, 1000, 5000);

            store.write(0, readOnlyDirect);
            store.write(4 << 20, ByteBuffer.wrap(data).asReadOnlyBuffer());
            store.write(7 << 20, heapWithPosition);

            assertThat(readOnlyDirect.hasRemaining()).isFalse();
            assertThat(heapWithPosition.position()).isEqualTo(6000);
            Bytes.assertSameBytes(Bytes.read(store, 0, data.length), data, "from a read-only direct buffer");
            ByteBuffer heap = ByteBuffer.allocate(data.length);
            store.read(4 << 20, heap);
            assertThat(heap.hasRemaining()).isFalse();
            Bytes.assertSameBytes(heap.array(), data, "from a read-only heap buffer, read into a heap buffer");
            assertThat(Bytes.read(store, 7 << 20, 5000)).isEqualTo(Arrays.copyOfRange(data, 1000, 6000));
            assertThatThrownBy(() -> store.read(0, ByteBuffer.allocate(10).asReadOnlyBuffer()))
                    .isInstanceOf(ReadOnlyBufferException.class);
        }
    }

    @Test
    void anInterruptedCallerDoesNotBreakTheStore() throws Exception {
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("replica"), SIZE, false)) {
            byte[] data = Bytes.pattern(2, 4096);
            Thread.currentThread().interrupt();
            try {
                Bytes.write(store, 0, data);
                store.flush();
                assertThat(Bytes.read(store, 0, 4096)).isEqualTo(data);
            } finally {
                assertThat(Thread.interrupted())
                        .as("the interrupt is left for the caller")
                        .isTrue();
            }
            assertThat(Bytes.read(store, 0, 4096)).isEqualTo(data);
        }
    }
}
