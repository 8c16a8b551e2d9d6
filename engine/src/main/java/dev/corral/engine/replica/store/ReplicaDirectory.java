package dev.corral.engine.replica.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's directory: file names, the lock that keeps a second store instance (in this or
 * another process) from opening it, crash-safe metadata writes and the removal of what a crash can
 * leave behind.
 */
final class ReplicaDirectory implements AutoCloseable {
    static final String METADATA = "replica.json";
    static final String METADATA_TEMP = "replica.json.tmp";
    static final String REVISION_COUNTER = "revision.counter";
    static final String LOCK = "replica.lock";

    private static final Logger log = LoggerFactory.getLogger(ReplicaDirectory.class);
    private static final Pattern LAYER_FILE = Pattern.compile("layer-(\\d{6,18})\\.img");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final FileChannel lockChannel;

    private ReplicaDirectory(Path dir, FileChannel lockChannel) {
        this.dir = dir;
        this.lockChannel = lockChannel;
    }

    static String layerFileName(long id) {
        return String.format("layer-%06d.img", id);
    }

    /** The id in a layer file name, or -1 when {@code fileName} is not one. */
    static long layerId(String fileName) {
        Matcher matcher = LAYER_FILE.matcher(fileName);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Takes an absent or empty directory for a new replica; refuses anything else. */
    static ReplicaDirectory createEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("cannot create a replica in " + dir + ": it exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                List<String> found =
                        entries.limit(3).map(p -> p.getFileName().toString()).toList();
                if (!found.isEmpty()) {
                    throw new IOException("cannot create a replica in " + dir + ": the directory is not empty "
                            + "(found " + String.join(", ", found) + "); use an empty or absent directory");
                }
            }
        } else {
            // Only the process that owns the replica may read a volume's data.
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            NativeFile.syncDirectory(dir.toAbsolutePath().getParent());
        }
        return lock(dir);
    }

    /** Takes the directory of an existing replica. */
    static ReplicaDirectory openExisting(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(METADATA))) {
            throw new IOException("no replica in " + dir + ": " + METADATA + " is missing");
        }
        return lock(dir);
    }

    private static ReplicaDirectory lock(Path dir) throws IOException {
        requireSmallFileSystemBlocks(dir);
        FileChannel channel = FileChannel.open(
                dir.resolve(LOCK),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("replica " + dir + " is in use by another process");
            }
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("replica " + dir + " is already open in this process", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new ReplicaDirectory(dir, channel);
    }

    /**
     * The block map is rebuilt from data extents rounded to 4 KiB; on a file system whose blocks are
     * larger, one written block would claim its neighbours and hide older layers' data, so refuse.
     */
    private static void requireSmallFileSystemBlocks(Path dir) throws IOException {
        long blockSize = Files.getFileStore(dir).getBlockSize();
        if (blockSize > ReplicaMetadata.BLOCK_SIZE || ReplicaMetadata.BLOCK_SIZE % blockSize != 0) {
            throw new IOException("file system of " + dir + " has " + blockSize + "-byte blocks; replicas need "
                    + "blocks that divide " + ReplicaMetadata.BLOCK_SIZE + " bytes");
        }
    }

    Path path() {
        return dir;
    }

    Path resolve(String fileName) {
        return dir.resolve(fileName);
    }

    ReplicaMetadata readMetadata(int maxLayers) throws IOException {
        ReplicaMetadata metadata;
        try {
            metadata = JSON.readValue(Files.readAllBytes(resolve(METADATA)), ReplicaMetadata.class);
        } catch (IOException e) {
            throw new IOException("cannot read " + resolve(METADATA) + ": " + e.getMessage(), e);
        }
        metadata.validate(maxLayers);
        return metadata;
    }

    /**
     * Replaces the metadata so that a crash leaves either the old or the new version: write a temp
     * file, fsync it, rename it over the old one, fsync the directory to make the rename durable.
     * Any failure before the rename leaves the old metadata current; a failure of the final fsync
     * throws {@link MetadataNotDurableException}.
     */
    void writeMetadata(ReplicaMetadata metadata) throws IOException {
        byte[] json = JSON.writeValueAsBytes(metadata);
        Path temp = resolve(METADATA_TEMP);
        try {
            Files.deleteIfExists(temp);
            try (NativeFile file = NativeFile.createNew(temp);
                    Arena arena = Arena.ofConfined()) {
                MemorySegment bytes = arena.allocate(json.length);
                bytes.copyFrom(MemorySegment.ofArray(json));
                file.writeFully(0, bytes);
                file.sync();
            }
            Files.move(temp, resolve(METADATA), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteAfterFailure(temp, e);
            throw classifyNoSpace(e);
        } catch (RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        try {
            NativeFile.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            throw new MetadataNotDurableException(dir, e);
        }
    }

    /**
     * The new metadata replaced the old one, but the directory fsync that makes the rename durable
     * failed: the new version is the current one (callers must act on it) yet may not survive a
     * crash.
     */
    static final class MetadataNotDurableException extends IOException {
        MetadataNotDurableException(Path dir, Exception cause) {
            super(
                    "replaced " + METADATA + " in " + dir + " but could not make it durable: " + cause.getMessage(),
                    cause);
        }
    }

    private static void deleteAfterFailure(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** Java's own file APIs report a full disk only in the message; classify it like FFM calls do. */
    private static IOException classifyNoSpace(IOException e) {
        String message = e.getMessage();
        if (message != null && message.contains("No space left on device")) {
            throw new BlockIoException(IoError.NO_SPACE, "writing " + METADATA + ": " + message, e);
        }
        return e;
    }

    /**
     * Deletes what a crash can leave: a half-written metadata temp file, and layer files the
     * metadata does not reference (a snapshot that created its new head but never switched to it).
     */
    void removeLeftovers(ReplicaMetadata metadata) throws IOException {
        Set<String> referenced = new HashSet<>();
        metadata.layers().forEach(layer -> referenced.add(layer.file()));
        boolean removedAny = false;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean staleTemp = name.equals(METADATA_TEMP);
                boolean orphanLayer = layerId(name) > 0 && !referenced.contains(name);
                if (staleTemp || orphanLayer) {
                    log.warn("removing {} from replica {}: left behind by an interrupted operation", name, dir);
                    Files.delete(entry);
                    removedAny = true;
                }
            }
        }
        if (removedAny) {
            NativeFile.syncDirectory(dir);
        }
    }

    @Override
    public void close() throws IOException {
        // Closing the channel releases the lock.
        lockChannel.close();
    }
}
