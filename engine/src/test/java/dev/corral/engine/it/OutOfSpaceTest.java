package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.nbdsh;
import static dev.corral.engine.testsupport.ExternalCommand.run;
import static dev.corral.engine.testsupport.ExternalCommand.runAllowingFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.NeedsRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas whose data path is a tiny loop-mounted ext4 run out of space for real. The rule
 * (docs/engine.md): a replica that runs out while another RW replica succeeds is failed; when every
 * RW replica is out of space the client gets ENOSPC and the replicas stay, with their data.
 */
@NeedsRoot
class OutOfSpaceTest {
    private static final Duration T = Duration.ofMinutes(3);
    private static final long VOLUME = 64L << 20;

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();

    private Path tinyDisk(String name) throws Exception {
        Path image = dir.resolve(name + ".img");
        Path mount = Files.createDirectories(dir.resolve(name));
        run(T, "truncate", "-s", "24M", image.toString());
        run(T, "mkfs.ext4", "-q", "-F", image.toString());
        run(T, "mount", "-o", "loop", image.toString(), mount.toString());
        mounts.add(mount);
        return mount.resolve("replica");
    }

    @AfterEach
    void unmount() {
        for (Path mount : mounts) {
            runAllowingFailure(T, List.of("umount", mount.toString()));
        }
    }

    @Test
    void replicaOnAFullDiskIsFailedWhileTheOtherKeepsTheData() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "spacey", VOLUME, List.of(tinyDisk("tiny"), dir.resolve("big")))) {
            Path source = Checksums.randomFile(dir.resolve("src.img"), 48L << 20, 11);
            run(T, "nbdcopy", source.toString(), volume.nbdUri());

            assertThat(volume.modeOf(volume.replicas.get(0))).isEqualTo("ERR");
            assertThat(volume.replicaModes().get(0).path("failureReason").asText())
                    .containsIgnoringCase("space");
            assertThat(volume.modeOf(volume.replicas.get(1))).isEqualTo("RW");
            String compare = volume.compareWith(source);
            assertThat(compare).contains("Images are identical");
        }
    }

    @Test
    void whenEveryReplicaFillsUpTheClientGetsEnospcAndTheLastReplicaStays() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "full", VOLUME, List.of(tinyDisk("tiny-a"), tinyDisk("tiny-b")))) {
            // Acknowledged data in the last 4 MiB, then a copy into the first 60 MiB that cannot fit.
            long tail = VOLUME - (4L << 20);
            Path first = Checksums.randomFile(dir.resolve("first.img"), 4L << 20, 1);
            run(T, nbdsh(volume.nbdUri(), "h.pwrite(open('" + first + "', 'rb').read(), " + tail + "); h.flush()"));

            Path tooMuch = Checksums.randomFile(dir.resolve("big.img"), tail, 2);
            ExternalCommand.Result fill =
                    runAllowingFailure(T, List.of("nbdcopy", tooMuch.toString(), volume.nbdUri()));
            assertThat(fill.exitCode()).isNotZero();
            assertThat(fill.output()).containsIgnoringCase("No space left on device");

            // The two disks fill at slightly different points: the one that fills first while the other
            // still succeeds is failed (rule 1); the last one standing is never failed for ENOSPC.
            JsonNode modes = volume.replicaModes();
            assertThat(modes)
                    .as(modes.toString())
                    .extracting(r -> r.path("mode").asText())
                    .contains("RW");
            String readBack = run(
                    T,
                    nbdsh(
                            volume.nbdUri(),
                            "import hashlib; print(hashlib.sha256(h.pread(" + (4L << 20) + ", " + tail
                                    + ")).hexdigest())"));
            assertThat(readBack.strip()).isEqualTo(Checksums.sha256(first));
        }
    }

    @Test
    void theOnlyReplicaOfAVolumeIsNeverFailedForEnospc() throws Exception {
        try (LocalVolume volume =
                LocalVolume.start(dir.resolve("logs"), "single", VOLUME, List.of(tinyDisk("tiny-one")))) {
            Path tooMuch = Checksums.randomFile(dir.resolve("big.img"), VOLUME, 4);
            ExternalCommand.Result fill =
                    runAllowingFailure(T, List.of("nbdcopy", tooMuch.toString(), volume.nbdUri()));
            assertThat(fill.exitCode()).isNotZero();
            assertThat(fill.output()).containsIgnoringCase("No space left on device");
            assertThat(volume.modeOf(volume.replicas.getFirst())).isEqualTo("RW");
            // Still serving: the whole export reads back without an error.
            run(T, "nbdcopy", volume.nbdUri(), "null:");
        }
    }
}
