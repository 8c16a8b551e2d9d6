package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.engine.launch.EngineProcess;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.util.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' experiment in the engine: a fresh replica is attached to a serving volume, rebuilt
 * live, and then the old replicas are killed: every byte reads back from the rebuilt one.
 */
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

            EngineProcess fresh =
                    LocalVolume.startReplica(dir.resolve("logs/replica-new.log"), dir.resolve("r2"), SIZE);
            volume.replicas.add(fresh);
            volume.ctl("replica", "add", fresh.ready("address"));

            Await.until(T, "the rebuild completes", () -> "COMPLETED".equals(rebuildState(volume)));
            JsonNode status = Json.mapper().readTree(volume.ctl("-o", "json", "rebuild", "status"));
            assertThat(status.path("bytesSent").asLong()).isGreaterThanOrEqualTo(96L << 20);
            assertThat(volume.modeOf(fresh)).isEqualTo("RW");
            assertThat(volume.ctl("rebuild", "status")).contains("COMPLETED").contains(fresh.ready("address"));

            volume.replicas.get(0).kill();
            volume.replicas.get(1).kill();
            String compare = run(T, "qemu-img", "compare", "-f", "raw", "-F", "raw", data.toString(), volume.nbdUri());
            assertThat(compare).contains("Images are identical");
            assertThat(volume.modeOf(fresh)).isEqualTo("RW");
        }
    }

    private static String rebuildState(LocalVolume volume) {
        try {
            return Json.mapper()
                    .readTree(volume.ctl("-o", "json", "rebuild", "status"))
                    .path("state")
                    .asText();
        } catch (Exception | AssertionError e) {
            return "unknown";
        }
    }
}
