package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Real NBD clients against a volume with three replicas, each its own process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SystemTest
class NbdClientsTest {
    private static final long SIZE = 256L << 20;
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(3);

    private Path dir;
    private LocalVolume volume;

    @BeforeAll
    void startVolume(@TempDir Path dir) throws Exception {
        this.dir = dir;
        volume = LocalVolume.start(
                dir.resolve("logs"), "vol1", SIZE, List.of(dir.resolve("r0"), dir.resolve("r1"), dir.resolve("r2")));
    }

    @AfterAll
    void stopVolume() {
        if (volume != null) {
            volume.close();
        }
    }

    @Test
    void nbdinfoShowsTheSizeAndTheFlagsTheEngineSupports() throws Exception {
        JsonNode info = Json.mapper().readTree(run(CLIENT_TIMEOUT, "nbdinfo", "--json", volume.nbdUri()));
        JsonNode export = info.path("exports").get(0);
        assertThat(export.path("export-name").asText()).isEqualTo("vol1");
        assertThat(export.path("export-size").asLong()).isEqualTo(SIZE);
        assertThat(export.path("can_multi_conn").asBoolean()).isTrue();
        assertThat(export.path("can_flush").asBoolean()).isTrue();
        assertThat(export.path("can_fua").asBoolean()).isTrue();
        assertThat(export.path("can_trim").asBoolean()).isTrue();
        assertThat(export.path("can_zero").asBoolean()).isTrue();
        assertThat(export.path("is_read_only").asBoolean()).isFalse();
    }

    @Test
    void nbdcopyRoundTripsRandomDataAndQemuImgAgrees() throws Exception {
        Path source = Checksums.randomFile(dir.resolve("source.img"), SIZE, 42);
        run(CLIENT_TIMEOUT, "nbdcopy", source.toString(), volume.nbdUri());

        Path copy = dir.resolve("copy.img");
        run(CLIENT_TIMEOUT, "nbdcopy", volume.nbdUri(), copy.toString());

        assertThat(Files.size(copy)).isEqualTo(SIZE);
        assertThat(Checksums.sha256(copy)).isEqualTo(Checksums.sha256(source));
        String compare = volume.compareWith(source);
        assertThat(compare).contains("Images are identical");
        Files.delete(copy);
        Files.delete(source);
    }

    @Test
    void fioVerifiesRandomWritesAcrossThreeReplicas() throws Exception {
        String output = run(
                CLIENT_TIMEOUT,
                "fio",
                "--name=verify",
                "--ioengine=nbd",
                "--uri=" + volume.nbdUri(),
                "--rw=randwrite",
                "--bs=4k",
                "--iodepth=32",
                "--size=64M",
                "--offset=128M",
                "--verify=crc32c",
                "--verify_state_save=0",
                "--do_verify=1",
                "--verify_fatal=1");
        assertThat(output).contains("err= 0");
        assertThat(volume.replicaModes())
                .as("replicas, with the reason of any failure")
                .extracting(r ->
                        r.path("mode").asText() + " " + r.path("failureReason").asText(""))
                .allSatisfy(mode -> assertThat(mode).startsWith("RW"));
        assertThat(volume.replicaModes())
                .extracting(r -> r.path("mode").asText())
                .containsOnly("RW");
    }
}
