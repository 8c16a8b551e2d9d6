package dev.corral.engine.replica.store;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few Linux libc calls the store needs, bound once through the FFM API. Every call captures
 * errno right after the native call returns (a later JVM-internal call could overwrite it), into a
 * per-thread buffer so the hot path allocates nothing. The constants are the Linux values, which
 * are the same on x86-64 and aarch64; {@code struct stat} offsets are only used through {@link
 * #fstatBlocks}.
 */
final class Libc {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_CLOEXEC = 02000000;

    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    static final int FALLOC_FL_KEEP_SIZE = 1;
    static final int FALLOC_FL_PUNCH_HOLE = 2;

    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int ENOSPC = 28;
    static final int EOPNOTSUPP = 95;
    static final int EDQUOT = 122;

    /**
     * Room for {@code struct stat} (144 bytes on x86-64, 128 on aarch64) and the offset of {@code
     * st_blocks}, which is 64 on both.
     */
    private static final long STAT_SIZE = 256;

    private static final long STAT_BLOCKS_OFFSET = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** errno capture buffer per thread; an automatic arena frees it when the thread is gone. */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final ThreadLocal<MemorySegment> STAT_BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STAT_SIZE, 8));

    private static final MethodHandle OPEN = bind(
            "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PREAD =
            bind("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE =
            bind("pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FSYNC = bind("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FTRUNCATE =
            bind("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FALLOCATE =
            bind("fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle LSEEK =
            bind("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FSTAT = bind("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            throw new UnsupportedOperationException("the replica store needs Linux (sparse files, SEEK_DATA, "
                    + "fallocate); this is " + System.getProperty("os.name"));
        }
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, options);
    }

    /** errno of the last call made through this class on the current thread. */
    static int errno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw new AssertionError("strerror failed", t);
        }
    }

    static int open(MemorySegment cPath, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(CAPTURE.get(), cPath, flags, mode);
        } catch (Throwable t) {
            throw new AssertionError("open failed to link", t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(CAPTURE.get(), fd);
        } catch (Throwable t) {
            throw new AssertionError("close failed to link", t);
        }
    }

    static long pread(int fd, MemorySegment buffer, long count, long offset) {
        try {
            return (long) PREAD.invokeExact(CAPTURE.get(), fd, buffer, count, offset);
        } catch (Throwable t) {
            throw new AssertionError("pread failed to link", t);
        }
    }

    static long pwrite(int fd, MemorySegment buffer, long count, long offset) {
        try {
            return (long) PWRITE.invokeExact(CAPTURE.get(), fd, buffer, count, offset);
        } catch (Throwable t) {
            throw new AssertionError("pwrite failed to link", t);
        }
    }

    static int fsync(int fd) {
        try {
            return (int) FSYNC.invokeExact(CAPTURE.get(), fd);
        } catch (Throwable t) {
            throw new AssertionError("fsync failed to link", t);
        }
    }

    static int ftruncate(int fd, long length) {
        try {
            return (int) FTRUNCATE.invokeExact(CAPTURE.get(), fd, length);
        } catch (Throwable t) {
            throw new AssertionError("ftruncate failed to link", t);
        }
    }

    static int fallocate(int fd, int mode, long offset, long length) {
        try {
            return (int) FALLOCATE.invokeExact(CAPTURE.get(), fd, mode, offset, length);
        } catch (Throwable t) {
            throw new AssertionError("fallocate failed to link", t);
        }
    }

    static long lseek(int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(CAPTURE.get(), fd, offset, whence);
        } catch (Throwable t) {
            throw new AssertionError("lseek failed to link", t);
        }
    }

    /** {@code st_blocks} (512-byte units allocated on disk) of an open file, or -1 with errno set. */
    static long fstatBlocks(int fd) {
        MemorySegment stat = STAT_BUFFER.get();
        int result;
        try {
            result = (int) FSTAT.invokeExact(CAPTURE.get(), fd, stat);
        } catch (Throwable t) {
            throw new AssertionError("fstat failed to link", t);
        }
        return result < 0 ? -1 : stat.get(JAVA_LONG, STAT_BLOCKS_OFFSET);
    }
}
