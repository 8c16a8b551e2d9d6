package dev.corral.controlplane.store;

import dev.corral.api.model.Kind;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Volume;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The child process of {@link SqliteStoreCrashTest}: writes to the store until it is killed, and
 * after each write returns prints {@code ACK <revision> <op> <name> END}. The writes are a pure
 * function of the revision, so that the test can compute what the store must hold after any
 * number of them.
 */
public final class CrashWriter {
    private static final int NAMES = 16;

    enum Op {
        CREATE,
        UPDATE,
        DELETE
    }

    /** What the write that makes revision {@code i + 1} leaves in the store for its name. */
    record Expected(long size, String filler, long version) {}

    private CrashWriter() {}

    static String name(long i) {
        return "vol-" + (i % NAMES);
    }

    static Op op(long i, boolean exists) {
        if (!exists) {
            return Op.CREATE;
        }
        return i % 7 == 3 ? Op.DELETE : Op.UPDATE;
    }

    /** Up to 12,000 characters, so that many rows span several pages of the file. */
    static String filler(long i) {
        int length = (int) ((i * 2_654_435_761L) % 12_000);
        char c = (char) ('a' + i % 26);
        return String.valueOf(c).repeat(length);
    }

    static Volume volume(long i) {
        return new Volume(
                ObjectMeta.named(name(i), Map.of("filler", filler(i), "write", Long.toString(i))),
                new Volume.Spec(4096L * (i + 1), 3, Volume.DataLocality.DISABLED, 2880, List.of(), List.of(), ""),
                null);
    }

    /** The store's volumes after {@code revision} writes into an empty store. */
    static Map<String, Expected> replay(long revision) {
        Map<String, Expected> state = new HashMap<>();
        for (long i = 0; i < revision; i++) {
            String name = name(i);
            switch (op(i, state.containsKey(name))) {
                case CREATE, UPDATE -> state.put(name, new Expected(4096L * (i + 1), filler(i), i + 1));
                case DELETE -> state.remove(name);
            }
        }
        return state;
    }

    static Expected expected(Volume v) {
        return new Expected(
                v.spec().size(),
                v.metadata().labels().get("filler"),
                v.metadata().resourceVersion());
    }

    public static void main(String[] args) throws IOException {
        // Acks go to the real stdout, one write(2) each (atomic on a pipe); anything else the JVM
        // or a library prints goes to stderr so that it cannot tear an ack line.
        FileOutputStream acks = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            for (long i = store.revision(); ; i++) {
                String name = name(i);
                Optional<Volume> current = store.get(Kind.VOLUME, name);
                Op op = op(i, current.isPresent());
                switch (op) {
                    case CREATE -> store.create(volume(i));
                    case UPDATE ->
                        store.update(volume(i)
                                .withMetadata(volume(i)
                                        .metadata()
                                        .withResourceVersion(
                                                current.orElseThrow().metadata().resourceVersion())));
                    case DELETE ->
                        store.delete(
                                Kind.VOLUME,
                                name,
                                current.orElseThrow().metadata().resourceVersion());
                }
                if (store.revision() != i + 1) {
                    System.err.println("revision " + store.revision() + " after write " + i);
                    System.exit(3);
                }
                acks.write(("ACK " + (i + 1) + " " + op + " " + name + " END\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
