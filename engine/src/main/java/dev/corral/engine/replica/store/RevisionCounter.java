package dev.corral.engine.replica.store;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The optional revision counter: a number bumped on every write and unmap, kept in its own small
 * file so a bump is one 21-byte pwrite into the same page (20 zero-padded digits and a newline,
 * readable with cat) instead of a metadata rewrite. It reaches the disk with {@link #sync} on
 * flush, snapshot and close. Callers serialize {@link #increment}.
 */
final class RevisionCounter implements AutoCloseable {
    private static final int RECORD_BYTES = 21;
    private static final int DIGITS = 20;

    private final NativeFile file;
    private final MemorySegment record = Arena.ofAuto().allocate(RECORD_BYTES);
    private volatile long value;
    private volatile boolean unsynced;

    private RevisionCounter(NativeFile file, long value) {
        this.file = file;
        this.value = value;
    }

    static RevisionCounter create(Path path, long initial) throws IOException {
        RevisionCounter counter = new RevisionCounter(NativeFile.createNew(path), initial);
        try {
            counter.store(initial);
            counter.file.sync();
        } catch (IOException | RuntimeException e) {
            counter.file.close();
            throw e;
        }
        return counter;
    }

    /** Opens the counter file; {@code atLeast} is the value the metadata last recorded. */
    static RevisionCounter open(Path path, long atLeast) throws IOException {
        NativeFile file = NativeFile.openReadWrite(path);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(RECORD_BYTES);
            file.readFully(0, bytes);
            String text = new String(bytes.toArray(JAVA_BYTE), StandardCharsets.US_ASCII);
            long stored;
            try {
                stored = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new IOException("corrupt revision counter " + path + ": '" + text.strip() + "'", e);
            }
            // The metadata can be ahead if the last bumps were written but never synced before a crash.
            return new RevisionCounter(file, Math.max(stored, atLeast));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    long value() {
        return value;
    }

    void increment() throws IOException {
        long next = value + 1;
        store(next);
        value = next;
        unsynced = true;
    }

    private void store(long number) throws IOException {
        long rest = number;
        for (int i = DIGITS - 1; i >= 0; i--) {
            record.set(JAVA_BYTE, i, (byte) ('0' + rest % 10));
            rest /= 10;
        }
        record.set(JAVA_BYTE, DIGITS, (byte) '\n');
        file.writeFully(0, record);
    }

    void sync() throws IOException {
        if (unsynced) {
            unsynced = false;
            try {
                file.sync();
            } catch (IOException | RuntimeException e) {
                unsynced = true;
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
