package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' experiment in the engine: a fresh replica is attached to a serving volume, rebuilt
 * live, and then the old replicas are killed: every byte reads back from the rebuilt one.
 */
@SystemTest
class LiveRebuildTest {
    private static final Duration T = Duration.ofMinutes(3);
    private static final long SIZE = 128L << 20;

    @TempDir
    Path dir;

    @Test
    void aFreshReplicaIsRebuiltLiveAndServesAloneAfterwards() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "rebuilt", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path data = Checksums.randomFile(dir.resolve("data.img"), 96L << 20, 21);
            run(T, "nbdcopy", "--flush", data.toString(), volume.nbdUri());
            volume.ctl("snapshot", "create", "before-rebuild");

            JvmProcess fresh = LocalVolume.startReplica(dir.resolve("logs/replica-new.log"), dir.resolve("r2"), SIZE);
            volume.replicas.add(fresh);
            volume.ctl("replica", "add", fresh.ready("address"));

            volume.awaitRebuild("COMPLETED");
            JsonNode status = Json.mapper().readTree(volume.ctl("-o", "json", "rebuild", "status"));
            assertThat(status.path("bytesSent").asLong()).isGreaterThanOrEqualTo(96L << 20);
            assertThat(volume.modeOf(fresh)).isEqualTo("RW");
            assertThat(volume.ctl("rebuild", "status")).contains("COMPLETED").contains(fresh.ready("address"));
            JsonNode layers = Json.mapper().readTree(volume.ctl("-o", "json", "snapshot", "ls"));
            for (JsonNode layer : layers) {
                String name = layer.path("name").asText();
                if (name.equals("before-rebuild")) {
                    assertThat(layer.path("userCreated").asBoolean()).as(name).isTrue();
                } else if (name.startsWith("rebuild-")) {
                    assertThat(layer.path("userCreated").asBoolean()).as(name).isFalse(); // a system snapshot
                }
            }
            assertThat(layers).extracting(l -> l.path("name").asText()).anyMatch(n -> n.startsWith("rebuild-"));

            volume.replicas.get(0).kill();
            volume.replicas.get(1).kill();
            String compare = volume.compareWith(data);
            assertThat(compare).contains("Images are identical");
            assertThat(volume.modeOf(fresh)).isEqualTo("RW");
        }
    }

    @Test
    void aReplicaThatMissedOnePercentOfWritesReceivesLittleMoreThanThat() throws Exception {
        try (LocalVolume volume =
                LocalVolume.start(dir.resolve("logs"), "delta", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path data = Checksums.randomFile(dir.resolve("data.img"), SIZE, 31);
            run(T, "nbdcopy", "--flush", data.toString(), volume.nbdUri());

            JvmProcess stale = volume.replicas.get(1);
            stale.kill();
            // 1 % of the volume in scattered 4 KiB writes while the replica is down.
            int blocks = (int) (SIZE / 4096 / 100);
            String script = "import random\n"
                    + "r = random.Random(5)\n"
                    + "for b in r.sample(range(" + (SIZE / 4096) + "), " + blocks + "):\n"
                    + "    h.pwrite(r.randbytes(4096), b * 4096)\n"
                    + "h.flush()\n";
            run(T, ExternalCommand.nbdsh(volume.nbdUri(), script));

            JvmProcess back = LocalVolume.startReplica(dir.resolve("logs/replica-back.log"), dir.resolve("r1"), SIZE);
            volume.replicas.add(back);
            volume.ctl("replica", "add", back.ready("address"));
            volume.awaitRebuild("COMPLETED");

            long changed = (long) blocks * 4096;
            long sent = Json.mapper()
                    .readTree(volume.ctl("-o", "json", "rebuild", "status"))
                    .path("bytesSent")
                    .asLong();
            assertThat(sent).isPositive().isLessThanOrEqualTo((long) (changed * 1.2));

            Path expected = dir.resolve("expected.img");
            run(T, "nbdcopy", volume.nbdUri(), expected.toString());
            volume.replicas.get(0).kill();
            String compare = volume.compareWith(expected);
            assertThat(compare).contains("Images are identical");
        }
    }

    @Test
    void rebuildUnderFioVerifyLoadThenTheOldReplicasDie() throws Exception {
        try (LocalVolume volume =
                LocalVolume.start(dir.resolve("logs"), "loaded", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path seed = Checksums.randomFile(dir.resolve("seed.img"), 64L << 20, 41);
            run(T, "nbdcopy", "--flush", seed.toString(), volume.nbdUri());

            Path fioLog = dir.resolve("fio.log");
            // Unaligned 1-3 KiB writes too: while the new replica is WO they become read-modify-write.
            Process fio = ExternalCommand.start(
                    fioLog,
                    "fio",
                    "--name=load",
                    "--ioengine=nbd",
                    "--uri=" + volume.nbdUri(),
                    "--rw=randwrite",
                    "--bsrange=1k-64k",
                    "--iodepth=8",
                    "--offset=64M",
                    "--size=48M",
                    "--verify=crc32c",
                    "--verify_state_save=0",
                    "--do_verify=1",
                    "--verify_fatal=1");
            Await.until(T, "fio is writing", () -> volume.totalWrites() > 500);
            JvmProcess fresh = LocalVolume.startReplica(dir.resolve("logs/replica-new.log"), dir.resolve("r2"), SIZE);
            volume.replicas.add(fresh);
            volume.ctl("replica", "add", fresh.ready("address"));
            volume.awaitRebuild("COMPLETED");
            assertThat(fio.waitFor(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(fio.exitValue()).as(Files.readString(fioLog)).isZero();

            Path before = dir.resolve("before.img");
            run(T, "nbdcopy", volume.nbdUri(), before.toString());
            volume.replicas.get(0).kill();
            volume.replicas.get(1).kill();
            Path after = dir.resolve("after.img");
            run(T, "nbdcopy", volume.nbdUri(), after.toString());
            assertThat(Checksums.sha256(after)).isEqualTo(Checksums.sha256(before));
            assertThat(volume.modeOf(fresh)).isEqualTo("RW");
        }
    }
}
