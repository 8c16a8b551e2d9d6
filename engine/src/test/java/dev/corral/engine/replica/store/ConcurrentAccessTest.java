package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers run while one thread writes, unmaps, snapshots and grows. The readers check a region
 * nobody writes (it must always read exactly as written, whatever the map and layer stack are
 * doing) and stress the changing region; the writer's own model checks the end result.
 */
class ConcurrentAccessTest {
    private static final int STABLE = 2 << 20;
    private static final int CHANGING = 2 << 20;

    @TempDir
    Path tmp;

    @Test
    void readersSeeStableDataWhileTheStoreIsMutated() throws Exception {
        byte[] stable = Bytes.pattern(42, STABLE);
        byte[] changing = new byte[CHANGING];
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try (LayeredReplicaStore store = LayeredReplicaStore.create(tmp.resolve("replica"), STABLE + CHANGING, false)) {
            Bytes.write(store, 0, stable);
            List<Future<Long>> results = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                long seed = r;
                results.add(readers.submit(() -> readUntilDone(store, stable, done, seed)));
            }

            Random random = new Random(7);
            try {
                for (int i = 0; i < 3000; i++) {
                    int offset = STABLE + random.nextInt(CHANGING - 20_000);
                    int length = 1 + random.nextInt(20_000);
                    if (random.nextInt(4) == 0) {
                        store.unmap(offset, length);
                        Arrays.fill(changing, offset - STABLE, offset - STABLE + length, (byte) 0);
                    } else {
                        byte[] data = Bytes.pattern(i, length);
                        Bytes.write(store, offset, data);
                        System.arraycopy(data, 0, changing, offset - STABLE, length);
                    }
                    if (i % 150 == 0) {
                        store.snapshot("s" + i);
                    }
                    if (i % 1000 == 999) {
                        store.grow(store.size() + 4096);
                    }
                }
            } finally {
                done.set(true);
            }
            for (Future<Long> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS))
                        .as("reads done by a reader")
                        .isPositive();
            }
            Bytes.assertSameBytes(Bytes.read(store, STABLE, CHANGING), changing, "changing region");
            Bytes.assertSameBytes(Bytes.read(store, 0, STABLE), stable, "stable region");
        } finally {
            readers.shutdownNow();
        }
    }

    private static long readUntilDone(LayeredReplicaStore store, byte[] stable, AtomicBoolean done, long seed)
            throws Exception {
        Random random = new Random(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        long reads = 0;
        while (!done.get()) {
            int offset = random.nextInt(STABLE - buffer.capacity());
            buffer.clear();
            store.read(offset, buffer);
            for (int i = 0; i < buffer.capacity(); i++) {
                if (buffer.get(i) != stable[offset + i]) {
                    throw new AssertionError("stable byte " + (offset + i) + " read as " + buffer.get(i));
                }
            }
            buffer.clear();
            store.read(STABLE + random.nextInt(CHANGING - buffer.capacity()), buffer);
            reads += 2;
        }
        return reads;
    }
}
