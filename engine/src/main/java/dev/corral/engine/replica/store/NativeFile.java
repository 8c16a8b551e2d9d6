package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A file descriptor opened with {@code open(2)} through FFM, with the positional I/O, sync, hole
 * punching and extent queries the layers need. Unlike a {@link java.nio.channels.FileChannel} it is
 * not closed when a thread using it is interrupted, so an interrupted caller cannot take the replica
 * down. ENOSPC and EDQUOT surface as {@link BlockIoException} with {@link IoError#NO_SPACE}; other
 * failures as {@link IOException} naming the call, file, position and errno.
 */
final class NativeFile implements AutoCloseable {
    /** Volume data is its owner's alone: files are created mode 600 (before the umask). */
    private static final int OWNER_ONLY = 0600;

    private static final int SEEK_END = 2;

    private final Path path;
    private final int fd;
    private boolean closed;

    private NativeFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    static NativeFile openReadOnly(Path path) throws IOException {
        return open(path, Libc.O_RDONLY);
    }

    static NativeFile openReadWrite(Path path) throws IOException {
        return open(path, Libc.O_RDWR);
    }

    /** Creates a file that must not exist yet (O_EXCL), so a leftover is never silently reused. */
    static NativeFile createNew(Path path) throws IOException {
        return open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL);
    }

    /** fsync of a directory, which makes the creations, renames and deletions inside it durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (NativeFile directory = open(dir, Libc.O_RDONLY)) {
            directory.sync();
        }
    }

    private static NativeFile open(Path path, int flags) throws IOException {
        int fd;
        int errno;
        try (Arena arena = Arena.ofConfined()) {
            do {
                fd = Libc.open(arena.allocateFrom(path.toString()), flags | Libc.O_CLOEXEC, OWNER_ONLY);
                errno = Libc.errno();
            } while (fd < 0 && errno == Libc.EINTR);
        }
        if (fd < 0) {
            throw failure("open", path, "", errno);
        }
        return new NativeFile(path, fd);
    }

    Path path() {
        return path;
    }

    /** Fills all of {@code dst} from {@code position}; bytes past the end of the file read as zeros. */
    void readFully(long position, MemorySegment dst) throws IOException {
        long done = 0;
        long length = dst.byteSize();
        while (done < length) {
            long n = Libc.pread(fd, dst.asSlice(done), length - done, position + done);
            if (n > 0) {
                done += n;
            } else if (n == 0) {
                dst.asSlice(done).fill((byte) 0);
                return;
            } else {
                int errno = Libc.errno();
                if (errno != Libc.EINTR) {
                    throw failure("pread", path, " at " + (position + done), errno);
                }
            }
        }
    }

    /** Writes all of {@code src} at {@code position}, retrying short writes. */
    void writeFully(long position, MemorySegment src) throws IOException {
        long done = 0;
        long length = src.byteSize();
        while (done < length) {
            long n = Libc.pwrite(fd, src.asSlice(done), length - done, position + done);
            if (n >= 0) {
                done += n;
            } else {
                int errno = Libc.errno();
                if (errno != Libc.EINTR) {
                    throw failure("pwrite", path, " at " + (position + done), errno);
                }
            }
        }
    }

    void sync() throws IOException {
        if (Libc.fsync(fd) < 0) {
            throw failure("fsync", path, "", Libc.errno());
        }
    }

    void truncate(long length) throws IOException {
        if (Libc.ftruncate(fd, length) < 0) {
            throw failure("ftruncate", path, " to " + length, Libc.errno());
        }
    }

    long size() throws IOException {
        long end = Libc.lseek(fd, 0, SEEK_END);
        if (end < 0) {
            throw failure("lseek(SEEK_END)", path, "", Libc.errno());
        }
        return end;
    }

    /**
     * Deallocates a range without changing the file size; it reads as zeros afterwards. Returns false
     * when the file system cannot punch holes, so the caller can write zeros instead.
     */
    boolean punchHole(long offset, long length) throws IOException {
        int mode = Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE;
        if (Libc.fallocate(fd, mode, offset, length) == 0) {
            return true;
        }
        int errno = Libc.errno();
        if (errno == Libc.EOPNOTSUPP) {
            return false;
        }
        throw failure("fallocate(PUNCH_HOLE)", path, " at " + offset + "+" + length, errno);
    }

    /** Start of the first data at or after {@code from}, or -1 when only holes follow. */
    long nextData(long from) throws IOException {
        return seek(from, Libc.SEEK_DATA, "lseek(SEEK_DATA)");
    }

    /** Start of the first hole at or after {@code from}; the end of the file counts as a hole. */
    long nextHole(long from) throws IOException {
        return seek(from, Libc.SEEK_HOLE, "lseek(SEEK_HOLE)");
    }

    private long seek(long from, int whence, String call) throws IOException {
        long result = Libc.lseek(fd, from, whence);
        if (result >= 0) {
            return result;
        }
        int errno = Libc.errno();
        if (errno == Libc.ENXIO) {
            return -1;
        }
        throw failure(call, path, " from " + from, errno);
    }

    /** Bytes the file occupies on disk ({@code st_blocks * 512}). */
    long allocatedBytes() throws IOException {
        long blocks = Libc.fstatBlocks(fd);
        if (blocks < 0) {
            throw failure("fstat", path, "", Libc.errno());
        }
        return blocks * 512;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Linux releases the descriptor even when close reports an error, so never retry it.
        if (Libc.close(fd) < 0) {
            throw failure("close", path, "", Libc.errno());
        }
    }

    /**
     * The exception for a failed call: an {@link IOException} to throw, except for a full disk, which
     * is thrown from here as the (unchecked) classified NO_SPACE error.
     */
    private static IOException failure(String call, Path path, String where, int errno) {
        String message = call + " " + path + where + " failed: " + Libc.strerror(errno) + " (errno " + errno + ")";
        if (errno == Libc.ENOSPC || errno == Libc.EDQUOT) {
            throw new BlockIoException(IoError.NO_SPACE, message);
        }
        return new IOException(message);
    }
}
