package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.testsupport.NeedsRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real ext4 file system on a replicated volume, as a pod would use it. */
@NeedsRoot
class Ext4OverNbdTest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final long SIZE = 128L << 20;

    @TempDir
    Path dir;

    @Test
    void filesSurviveUnmountAndRemount() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                        dir.resolve("logs"), "fsvol", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")));
                Ext4OnVolume fs = Ext4OnVolume.format(dir, volume.nbdUri())) {
            String expected = Checksums.sha256(Checksums.randomFile(fs.root().resolve("data.bin"), 8L << 20, 7));
            Files.writeString(fs.root().resolve("hello.txt"), "written through three hops\n");

            fs.remountCold();
            assertThat(Checksums.sha256(fs.root().resolve("data.bin"))).isEqualTo(expected);
            assertThat(Files.readString(fs.root().resolve("hello.txt"))).isEqualTo("written through three hops\n");
            fs.unmountAndCheck();
        }
    }

    @Test
    void filesSurviveAReplicaLossARebuildAndTheLossOfTheOthers() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                        dir.resolve("logs"), "fsrebuild", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")));
                Ext4OnVolume fs = Ext4OnVolume.format(dir, volume.nbdUri())) {
            Map<String, String> expected = new TreeMap<>();
            writeFiles(fs, "before", expected);
            volume.replicas.get(1).kill();
            writeFiles(fs, "after", expected);

            JvmProcess fresh = LocalVolume.startReplica(dir.resolve("logs/fresh.log"), dir.resolve("r2"), SIZE);
            volume.replicas.add(fresh);
            volume.ctl("replica", "add", fresh.ready("address"));
            volume.awaitRebuild("COMPLETED");
            volume.replicas.get(0).kill();

            fs.remountCold();
            for (var entry : expected.entrySet()) {
                assertThat(Checksums.sha256(fs.root().resolve(entry.getKey())))
                        .as(entry.getKey())
                        .isEqualTo(entry.getValue());
            }
            fs.unmountAndCheck();
        }
    }

    private static void writeFiles(Ext4OnVolume fs, String prefix, Map<String, String> expected) throws Exception {
        for (int i = 0; i < 8; i++) {
            Path file = Checksums.randomFile(fs.root().resolve(prefix + "-" + i), 2L << 20, prefix.hashCode() + i);
            expected.put(file.getFileName().toString(), Checksums.sha256(file));
        }
        run(T, "sync");
    }
}
