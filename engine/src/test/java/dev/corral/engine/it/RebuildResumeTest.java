package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.SystemTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds that are interrupted go on from where they got to: from another source when the source
 * dies, and from the half-copied layers when the target restarts. A bandwidth limit keeps the copy
 * slow enough to interrupt it in the middle.
 */
@SystemTest
class RebuildResumeTest {
    private static final Duration T = Duration.ofMinutes(3);
    private static final long SIZE = 96L << 20;
    private static final String LIMIT = "24Mi"; // about 4 s for the data below

    @TempDir
    Path dir;

    @Test
    void whenTheSourceDiesTheRebuildFinishesFromAnotherReplica() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "twosources", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path data = Checksums.randomFile(dir.resolve("data.img"), SIZE, 51);
            run(T, "nbdcopy", "--flush", data.toString(), volume.nbdUri());
            JvmProcess fresh = LocalVolume.startReplica(dir.resolve("logs/new.log"), dir.resolve("r2"), SIZE);
            volume.replicas.add(fresh);
            volume.ctl("replica", "add", fresh.ready("address"), "--bandwidth-limit", LIMIT);

            Await.until(
                    T,
                    "a third of the copy is done",
                    () -> volume.rebuildStatus().path("bytesSent").asLong() > SIZE / 3);
            JsonNode atKill = volume.rebuildStatus();
            String source = atKill.path("source").asText();
            JvmProcess sourceProcess = volume.replicas.stream()
                    .filter(p -> p.ready("address").equals(source))
                    .findFirst()
                    .orElseThrow();
            sourceProcess.kill();

            volume.awaitRebuild("COMPLETED");
            JsonNode done = volume.rebuildStatus();
            assertThat(done.path("source").asText()).isNotEqualTo(source);
            long remaining = SIZE - atKill.path("bytesSent").asLong();
            long resent =
                    done.path("bytesSent").asLong() - atKill.path("bytesSent").asLong();
            assertThat(resent).isLessThanOrEqualTo((long) (remaining * 1.2));

            volume.replicas.stream().filter(p -> p != fresh && p.alive()).forEach(JvmProcess::kill);
            String compare = volume.compareWith(data);
            assertThat(compare).contains("Images are identical");
        }
    }

    @Test
    void aRestartedTargetResumesInsteadOfStartingFromZero() throws Exception {
        try (LocalVolume volume = LocalVolume.start(dir.resolve("logs"), "resumed", SIZE, List.of(dir.resolve("r0")))) {
            Path data = Checksums.randomFile(dir.resolve("data.img"), SIZE, 61);
            run(T, "nbdcopy", "--flush", data.toString(), volume.nbdUri());
            JvmProcess target = LocalVolume.startReplica(dir.resolve("logs/t1.log"), dir.resolve("r1"), SIZE);
            volume.replicas.add(target);
            volume.ctl("replica", "add", target.ready("address"), "--bandwidth-limit", LIMIT);
            Await.until(
                    T,
                    "half of the copy is done",
                    () -> volume.rebuildStatus().path("bytesSent").asLong() > SIZE / 2);
            long sentBefore = volume.rebuildStatus().path("bytesSent").asLong();
            target.kill();
            volume.awaitRebuild("FAILED");

            JvmProcess again = LocalVolume.startReplica(dir.resolve("logs/t2.log"), dir.resolve("r1"), SIZE);
            volume.replicas.add(again);
            volume.ctl("replica", "add", again.ready("address"));
            volume.awaitRebuild("COMPLETED");

            long sentAfter = volume.rebuildStatus().path("bytesSent").asLong();
            assertThat(sentAfter).isLessThanOrEqualTo((long) ((SIZE - sentBefore) * 1.2) + (4L << 20));
            volume.replicas.getFirst().kill();
            String compare = volume.compareWith(data);
            assertThat(compare).contains("Images are identical");
        }
    }

    @Test
    void aRebuildCutShortByAControllerCrashResumesAfterTheRestart() throws Exception {
        try (LocalVolume volume = LocalVolume.start(dir.resolve("logs"), "crashed", SIZE, List.of(dir.resolve("r0")))) {
            Path data = Checksums.randomFile(dir.resolve("data.img"), SIZE, 71);
            run(T, "nbdcopy", "--flush", data.toString(), volume.nbdUri());
            JvmProcess target = LocalVolume.startReplica(dir.resolve("logs/t.log"), dir.resolve("r1"), SIZE);
            volume.replicas.add(target);
            volume.ctl("replica", "add", target.ready("address"), "--bandwidth-limit", LIMIT);
            Await.until(
                    T,
                    "half of the copy is done",
                    () -> volume.rebuildStatus().path("bytesSent").asLong() > SIZE / 2);
            long sentBefore = volume.rebuildStatus().path("bytesSent").asLong();

            volume.controller.kill();
            volume.restartController(volume.replicas);
            JsonNode modes = volume.replicaModes();
            assertThat(volume.modeOf(target)).isEqualTo("ERR");
            assertThat(modes.toString()).contains("rebuild had not finished");

            volume.ctl("replica", "add", target.ready("address"));
            volume.awaitRebuild("COMPLETED");
            assertThat(volume.rebuildStatus().path("bytesSent").asLong())
                    .isLessThanOrEqualTo((long) ((SIZE - sentBefore) * 1.2) + (4L << 20));
            volume.replicas.getFirst().kill();
            String compare = volume.compareWith(data);
            assertThat(compare).contains("Images are identical");
        }
    }
}
