package dev.corral.engine.replica.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.Extent;
import dev.corral.engine.replica.LayerInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random programs of writes, unmaps, snapshots, removes, purges, reverts, grows and close+reopen
 * against a byte array model: after every step the whole volume must read as the model, and every
 * extent reported as a hole must be zeros in the model; at the end every snapshot still listed and
 * not removed must revert to exactly what the volume read when it was taken. Offsets and lengths
 * are drawn as blocks plus an in-block part that is often zero, so both aligned and unaligned
 * paths (copy-up, partial unmap) are hit.
 */
class StoreModelProperties {
    private static final int BLOCK = Bytes.BLOCK;

    sealed interface Step {}

    record Write(int block, int inBlock, int blocks, int extra, long seed, boolean direct) implements Step {}

    record Unmap(int block, int inBlock, int blocks, int extra) implements Step {}

    record Snapshot() implements Step {}

    record Grow(int blocks) implements Step {}

    record Reopen() implements Step {}

    /** Marks the {@code pick}-th snapshot (modulo how many exist) removed. */
    record Remove(int pick) implements Step {}

    record Purge() implements Step {}

    /** Reverts to the {@code pick}-th snapshot that is not removed; the model goes back to its bytes. */
    record Revert(int pick) implements Step {}

    @Property(tries = 100)
    void everyReadMatchesTheModel(
            @ForAll("programs") List<Step> program, @ForAll("initialBlocks") int initialBlocks, @ForAll boolean counter)
            throws IOException {
        Path root = Files.createTempDirectory("corral-model");
        Path dir = root.resolve("replica");
        LayeredReplicaStore store = LayeredReplicaStore.create(dir, (long) initialBlocks * BLOCK, counter);
        try {
            byte[] model = new byte[initialBlocks * BLOCK];
            // What each snapshot read as when it was taken, for revert; purge must not change it.
            Map<String, byte[]> snapshotContent = new LinkedHashMap<>();
            Set<String> removed = new HashSet<>();
            int snapshots = 0;
            long mutations = 0;
            for (Step step : program) {
                switch (step) {
                    case Write w -> {
                        int offset = offset(w.block(), w.inBlock(), model.length);
                        int length = length(w.blocks(), w.extra(), offset, model.length);
                        byte[] data = Bytes.pattern(w.seed(), length);
                        store.write(offset, w.direct() ? Bytes.direct(data) : ByteBuffer.wrap(data));
                        System.arraycopy(data, 0, model, offset, length);
                        mutations++;
                    }
                    case Unmap u -> {
                        int offset = offset(u.block(), u.inBlock(), model.length);
                        int length = length(u.blocks(), u.extra(), offset, model.length);
                        store.unmap(offset, length);
                        Arrays.fill(model, offset, offset + length, (byte) 0);
                        mutations++;
                    }
                    case Snapshot s -> {
                        String name = "snap-" + ++snapshots;
                        store.snapshot(name);
                        snapshotContent.put(name, model.clone());
                    }
                    case Remove r -> {
                        List<String> names = List.copyOf(snapshotContent.keySet());
                        if (!names.isEmpty()) {
                            String name = names.get(r.pick() % names.size());
                            store.removeSnapshot(name);
                            removed.add(name);
                        }
                    }
                    case Purge p -> {
                        store.purge();
                        List<String> listed =
                                store.layers().stream().map(LayerInfo::name).toList();
                        snapshotContent.keySet().retainAll(listed);
                    }
                    case Revert r -> {
                        List<String> names = snapshotContent.keySet().stream()
                                .filter(n -> !removed.contains(n))
                                .toList();
                        if (!names.isEmpty()) {
                            String name = names.get(r.pick() % names.size());
                            store.revert(name);
                            byte[] atSnapshot = snapshotContent.get(name);
                            // A grow after the snapshot keeps the size; the new blocks read zeros.
                            model = Arrays.copyOf(atSnapshot, model.length);
                        }
                    }
                    case Grow g -> {
                        model = Arrays.copyOf(model, model.length + g.blocks() * BLOCK);
                        store.grow(model.length);
                    }
                    case Reopen r -> {
                        store.close();
                        store = LayeredReplicaStore.open(dir);
                        assertThat(store.info().dirty()).isFalse();
                    }
                }
                assertMatches(store, model);
            }
            for (var snapshot : snapshotContent.entrySet()) {
                byte[] expected = Arrays.copyOf(snapshot.getValue(), model.length);
                if (!removed.contains(snapshot.getKey()) && snapshot.getValue().length == model.length) {
                    store.revert(snapshot.getKey());
                    Bytes.assertSameBytes(
                            Bytes.read(store, 0, model.length), expected, "snapshot " + snapshot.getKey());
                }
            }
            assertThat(store.info().revision()).isEqualTo(counter ? mutations : 0);
        } finally {
            store.close();
            deleteTree(root);
        }
    }

    private static int offset(int block, int inBlock, int size) {
        return (block * BLOCK + inBlock) % size;
    }

    private static int length(int blocks, int extra, int offset, int size) {
        return Math.max(1, Math.min(blocks * BLOCK + extra, size - offset));
    }

    private static void assertMatches(LayeredReplicaStore store, byte[] model) throws IOException {
        assertThat(store.size()).isEqualTo(model.length);
        byte[] direct = Bytes.read(store, 0, model.length);
        Bytes.assertSameBytes(direct, model, "volume read through a direct buffer");
        ByteBuffer heap = ByteBuffer.allocate(model.length - 1000);
        store.read(1000, heap);
        Bytes.assertSameBytes(
                heap.array(), Arrays.copyOfRange(model, 1000, model.length), "unaligned read through a heap buffer");

        List<Extent> extents = store.extents(0, model.length);
        long expectedOffset = 0;
        for (Extent extent : extents) {
            assertThat(extent.offset()).as("extents are contiguous").isEqualTo(expectedOffset);
            if (!extent.allocated()) {
                for (long i = extent.offset(); i < extent.end(); i++) {
                    assertThat(model[(int) i])
                            .as("byte %d inside hole %s", i, extent)
                            .isZero();
                }
            }
            expectedOffset = extent.end();
        }
        assertThat(expectedOffset).as("extents cover the volume").isEqualTo(model.length);
    }

    @Provide
    Arbitrary<Integer> initialBlocks() {
        return Arbitraries.integers().between(4, 24);
    }

    @Provide
    Arbitrary<List<Step>> programs() {
        Arbitrary<Integer> block = Arbitraries.integers().between(0, 40);
        Arbitrary<Integer> inBlock = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(1, BLOCK - 1)));
        Arbitrary<Integer> blocks = Arbitraries.integers().between(0, 5);
        Arbitrary<Step> write = Combinators.combine(
                        block, inBlock, blocks, inBlock, Arbitraries.longs(), Arbitraries.of(true, false))
                .as(Write::new);
        Arbitrary<Step> unmap =
                Combinators.combine(block, inBlock, blocks, inBlock).as(Unmap::new);
        Arbitrary<Step> snapshot = Arbitraries.just(new Snapshot());
        Arbitrary<Step> grow = Arbitraries.integers().between(1, 8).map(Grow::new);
        Arbitrary<Step> reopen = Arbitraries.just(new Reopen());
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 20);
        Arbitrary<Step> remove = pick.map(Remove::new);
        Arbitrary<Step> purge = Arbitraries.just(new Purge());
        Arbitrary<Step> revert = pick.map(Revert::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(8, write),
                        Tuple.of(4, unmap),
                        Tuple.of(2, snapshot),
                        Tuple.of(1, grow),
                        Tuple.of(1, reopen),
                        Tuple.of(2, remove),
                        Tuple.of(2, purge),
                        Tuple.of(1, revert))
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
