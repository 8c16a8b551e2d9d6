package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot, revert, delete + purge and online expansion, checked by content hashes and disk usage. */
@SystemTest
class SnapshotsAndExpansionTest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final long SIZE = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void revertBringsBackTheSnapshotAndPurgeFreesItsSpace() throws Exception {
        List<Path> dirs = List.of(dir.resolve("r0"), dir.resolve("r1"));
        try (LocalVolume volume = LocalVolume.start(dir.resolve("logs"), "snappy", SIZE, dirs)) {
            Path first = Checksums.randomFile(dir.resolve("first.img"), SIZE, 1);
            run(T, "nbdcopy", "--flush", first.toString(), volume.nbdUri());
            volume.ctl("snapshot", "create", "s1");
            Path second = Checksums.randomFile(dir.resolve("second.img"), SIZE, 2);
            run(T, "nbdcopy", "--flush", second.toString(), volume.nbdUri());

            JsonNode layers = Json.mapper().readTree(volume.ctl("-o", "json", "snapshot", "ls"));
            assertThat(layers).extracting(l -> l.path("name").asText()).contains("s1", "volume-head");
            assertThat(volume.ctl("snapshot", "ls")).contains("s1");

            volume.ctl("snapshot", "revert", "s1");
            assertThat(Checksums.sha256(readAll(volume))).isEqualTo(Checksums.sha256(first));

            // New data over the reverted head, then s1 removed and purged: its 64 MiB per replica
            // are folded away (the head now covers every block) and the volume reads the same.
            run(T, "nbdcopy", "--flush", second.toString(), volume.nbdUri());
            long before = allocatedBytes(dirs);
            volume.ctl("snapshot", "rm", "s1");
            volume.ctl("snapshot", "purge");
            assertThat(allocatedBytes(dirs)).isLessThan(before - (96L << 20));
            assertThat(Checksums.sha256(readAll(volume))).isEqualTo(Checksums.sha256(second));
        }
    }

    @Test
    void revertIsRefusedWhileAClientIsConnected() throws Exception {
        try (LocalVolume volume = LocalVolume.start(dir.resolve("logs"), "busy", SIZE, List.of(dir.resolve("r0")))) {
            volume.ctl("snapshot", "create", "s1");
            Process holder = ExternalCommand.start(
                    dir.resolve("holder.log"),
                    ExternalCommand.nbdsh(
                                    volume.nbdUri(), "import time\nprint('connected', flush=True)\ntime.sleep(60)")
                            .toArray(String[]::new));
            try {
                Await.until(T, "the client is connected", () -> {
                    try {
                        return Files.readString(dir.resolve("holder.log")).contains("connected");
                    } catch (IOException e) {
                        return false;
                    }
                });
                assertThatThrownBy(() -> volume.ctl("snapshot", "revert", "s1"))
                        .hasMessageContaining("offline")
                        .hasMessageContaining("1 NBD client");
            } finally {
                holder.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void expansionIsSeenByClientsThatReconnectAndKeepsTheData() throws Exception {
        try (LocalVolume volume = LocalVolume.start(
                dir.resolve("logs"), "growing", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1")))) {
            Path data = Checksums.randomFile(dir.resolve("data.img"), SIZE, 3);
            run(T, "nbdcopy", "--flush", data.toString(), volume.nbdUri());
            volume.ctl("expand", "128Mi");

            JsonNode info = Json.mapper().readTree(run(T, "nbdinfo", "--json", volume.nbdUri()));
            assertThat(info.path("exports").get(0).path("export-size").asLong()).isEqualTo(128L << 20);
            String compare = volume.compareWith(data);
            assertThat(compare).contains("Images are identical"); // the new half reads as zeros
            assertThatThrownBy(() -> volume.ctl("expand", "64Mi")).hasMessageContaining("must be larger");
        }
    }

    private Path readAll(LocalVolume volume) {
        Path out = dir.resolve("read-" + System.nanoTime() + ".img");
        run(T, "nbdcopy", volume.nbdUri(), out.toString());
        return out;
    }

    private static long allocatedBytes(List<Path> dirs) {
        List<String> command = new ArrayList<>(List.of("du", "-s", "-B1"));
        dirs.forEach(d -> command.add(d.toString()));
        long total = 0;
        for (String line : run(T, command).split("\n")) {
            total += Long.parseLong(line.split("\\s+")[0]);
        }
        return total;
    }
}
