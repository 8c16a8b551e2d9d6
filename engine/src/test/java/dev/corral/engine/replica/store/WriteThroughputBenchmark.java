package dev.corral.engine.replica.store;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures single-thread 4 KiB random writes and reads into the page cache (not a test: timing
 * depends on the machine). Run from engine/ after {@code mvn test-compile}:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.corral.engine.replica.store.WriteThroughputBenchmark [directory]
 * </pre>
 */
public final class WriteThroughputBenchmark {
    private static final long VOLUME = 1L << 30;
    private static final int OPERATIONS = 500_000;

    private WriteThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path parent = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        Path root = Files.createTempDirectory(parent, "corral-bench");
        try (LayeredReplicaStore store = LayeredReplicaStore.create(root.resolve("replica"), VOLUME, false)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            long blocks = VOLUME / 4096;
            for (int round = 0; round < 3; round++) {
                if (round == 1) {
                    store.snapshot("bench-" + round);
                }
                long state = 1234567 + round;
                long start = System.nanoTime();
                for (int i = 0; i < OPERATIONS; i++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    block.clear();
                    block.putLong(0, state);
                    store.write(((state >>> 20) % blocks) * 4096, block);
                }
                report("write round " + round, start);
                start = System.nanoTime();
                for (int i = 0; i < OPERATIONS; i++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    block.clear();
                    store.read(((state >>> 20) % blocks) * 4096, block);
                }
                report("read round " + round, start);
            }
        } finally {
            StoreModelProperties.deleteTree(root);
        }
    }

    private static void report(String what, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s: %,.0f ops/s (%d x 4 KiB in %.2f s)%n", what, OPERATIONS / seconds, OPERATIONS, seconds);
    }
}
