package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static dev.corral.engine.testsupport.ExternalCommand.runAllowingFailure;

import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An ext4 file system on a volume, the way a pod would get one without a kernel NBD client:
 * nbdfuse exposes the export as a file, a loop device makes it a block device, ext4 lives on it.
 * Closing unmounts and detaches everything, also after a failed test.
 */
final class Ext4OnVolume implements AutoCloseable {
    private static final Duration T = Duration.ofMinutes(2);

    private final Path fuse;
    private final Path mountPoint;
    private final Process nbdfuse;
    private final List<String> mountOptions;
    private String loop;

    private Ext4OnVolume(Path fuse, Path mountPoint, Process nbdfuse, List<String> mountOptions) {
        this.fuse = fuse;
        this.mountPoint = mountPoint;
        this.nbdfuse = nbdfuse;
        this.mountOptions = mountOptions;
    }

    /** Formats the volume behind {@code nbdUri} with ext4 and mounts it under {@code dir}. */
    static Ext4OnVolume format(Path dir, String nbdUri) throws IOException {
        return format(dir, nbdUri, List.of());
    }

    /** {@link #format(Path, String)}, mounted with {@code -o OPTIONS} when any are given. */
    static Ext4OnVolume format(Path dir, String nbdUri, List<String> mountOptions) throws IOException {
        Path fuse = Files.createDirectories(dir.resolve("fuse"));
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        Process nbdfuse = ExternalCommand.start(
                dir.resolve("nbdfuse.log"), "nbdfuse", fuse.resolve("disk").toString(), nbdUri);
        Ext4OnVolume fs = new Ext4OnVolume(fuse, mnt, nbdfuse, List.copyOf(mountOptions));
        try {
            Await.until(T, "nbdfuse exposes the volume", () -> Files.exists(fuse.resolve("disk")));
            fs.loop = run(T, "losetup", "-f", "--show", fuse.resolve("disk").toString())
                    .strip();
            run(T, "mkfs.ext4", "-q", "-F", fs.loop);
            fs.mount();
            return fs;
        } catch (RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    Path root() {
        return mountPoint;
    }

    void mount() {
        if (mountOptions.isEmpty()) {
            run(T, "mount", loop, mountPoint.toString());
        } else {
            run(T, "mount", "-o", String.join(",", mountOptions), loop, mountPoint.toString());
        }
    }

    void unmount() {
        run(T, "umount", mountPoint.toString());
    }

    /** Unmounts, drops the page cache so that reads reach the volume, and mounts again. */
    void remountCold() {
        unmount();
        run(T, "sh", "-c", "echo 3 > /proc/sys/vm/drop_caches");
        mount();
    }

    /** Unmounts and checks the file system read-only. */
    void unmountAndCheck() {
        unmount();
        run(T, "e2fsck", "-f", "-n", loop);
    }

    @Override
    public void close() {
        runAllowingFailure(T, List.of("umount", mountPoint.toString()));
        if (loop != null) {
            runAllowingFailure(T, List.of("losetup", "-d", loop));
        }
        runAllowingFailure(T, List.of("umount", fuse.toString()));
        nbdfuse.destroy();
        try {
            nbdfuse.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
