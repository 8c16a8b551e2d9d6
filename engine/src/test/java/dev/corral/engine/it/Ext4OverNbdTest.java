package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static dev.corral.engine.testsupport.ExternalCommand.runAllowingFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real filesystem on a replicated volume, as a pod would use it: nbdfuse exposes the export as a
 * file, a loop device turns it into a block device, and ext4 lives on it (no kernel NBD needed).
 */
class Ext4OverNbdTest {
    private static final Duration T = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void filesSurviveUnmountAndRemount() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "fsvol", 128L << 20, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path fuse = Files.createDirectories(dir.resolve("fuse"));
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            Process nbdfuse = ExternalCommand.start(
                    dir.resolve("nbdfuse.log"), "nbdfuse", fuse.resolve("disk").toString(), volume.nbdUri());
            String loop = null;
            try {
                Await.until(T, "nbdfuse exposes the volume", () -> Files.exists(fuse.resolve("disk")));
                loop = run(T, "losetup", "-f", "--show", fuse.resolve("disk").toString())
                        .strip();
                run(T, "mkfs.ext4", "-q", "-F", loop);
                run(T, "mount", loop, mnt.toString());
                Path data = Checksums.randomFile(mnt.resolve("data.bin"), 8L << 20, 7);
                String expected = Checksums.sha256(data);
                Files.writeString(mnt.resolve("hello.txt"), "written through three hops\n");
                run(T, "umount", mnt.toString());

                run(T, "mount", loop, mnt.toString());
                assertThat(Checksums.sha256(mnt.resolve("data.bin"))).isEqualTo(expected);
                assertThat(Files.readString(mnt.resolve("hello.txt"))).isEqualTo("written through three hops\n");
                run(T, "umount", mnt.toString());
                run(T, "e2fsck", "-f", "-n", loop);
            } finally {
                runAllowingFailure(T, List.of("umount", mnt.toString()));
                if (loop != null) {
                    runAllowingFailure(T, List.of("losetup", "-d", loop));
                }
                runAllowingFailure(T, List.of("umount", fuse.toString()));
                nbdfuse.destroy();
                nbdfuse.waitFor();
            }
        }
    }

    @Test
    void filesSurviveAReplicaLossARebuildAndTheLossOfTheOthers() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "fsrebuild", 128L << 20, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path fuse = Files.createDirectories(dir.resolve("fuse"));
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            Process nbdfuse = ExternalCommand.start(
                    dir.resolve("nbdfuse.log"), "nbdfuse", fuse.resolve("disk").toString(), volume.nbdUri());
            String loop = null;
            java.util.Map<String, String> expected = new java.util.TreeMap<>();
            try {
                Await.until(T, "nbdfuse exposes the volume", () -> Files.exists(fuse.resolve("disk")));
                loop = run(T, "losetup", "-f", "--show", fuse.resolve("disk").toString())
                        .strip();
                run(T, "mkfs.ext4", "-q", "-F", loop);
                run(T, "mount", loop, mnt.toString());
                for (int i = 0; i < 8; i++) {
                    expected.put(
                            "before-" + i,
                            Checksums.sha256(Checksums.randomFile(mnt.resolve("before-" + i), 2L << 20, i)));
                }
                run(T, "sync");
                volume.replicas.get(1).kill();
                for (int i = 0; i < 8; i++) {
                    expected.put(
                            "after-" + i,
                            Checksums.sha256(Checksums.randomFile(mnt.resolve("after-" + i), 2L << 20, 100 + i)));
                }
                run(T, "sync");

                dev.corral.engine.launch.EngineProcess fresh =
                        LocalVolume.startReplica(dir.resolve("logs/fresh.log"), dir.resolve("r2"), 128L << 20);
                volume.replicas.add(fresh);
                volume.ctl("replica", "add", fresh.ready("address"));
                Await.until(T, "the rebuild completes", () -> {
                    try {
                        return volume.ctl("rebuild", "status").contains("COMPLETED");
                    } catch (AssertionError e) {
                        return false;
                    }
                });
                volume.replicas.get(0).kill();

                run(T, "umount", mnt.toString());
                run(T, "sh", "-c", "echo 3 > /proc/sys/vm/drop_caches");
                run(T, "mount", loop, mnt.toString());
                for (var entry : expected.entrySet()) {
                    assertThat(Checksums.sha256(mnt.resolve(entry.getKey())))
                            .as(entry.getKey())
                            .isEqualTo(entry.getValue());
                }
                run(T, "umount", mnt.toString());
                run(T, "e2fsck", "-f", "-n", loop);
            } finally {
                runAllowingFailure(T, List.of("umount", mnt.toString()));
                if (loop != null) {
                    runAllowingFailure(T, List.of("losetup", "-d", loop));
                }
                runAllowingFailure(T, List.of("umount", fuse.toString()));
                nbdfuse.destroy();
                nbdfuse.waitFor();
            }
        }
    }
}
