package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.run;
import static dev.corral.engine.testsupport.ExternalCommand.runAllowingFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replica processes die or hang under a real client's load; the volume goes on or fails cleanly. */
@SystemTest
class ReplicaFaultsTest {
    private static final Duration T = Duration.ofMinutes(3);
    private static final long SIZE = 128L << 20;

    @TempDir
    Path dir;

    private LocalVolume threeReplicas(String... controllerArgs) throws Exception {
        return LocalVolume.start(
                dir.resolve("logs"),
                "faulty",
                SIZE,
                List.of(dir.resolve("r0"), dir.resolve("r1"), dir.resolve("r2")),
                controllerArgs);
    }

    private static List<String> fioVerify(String uri) {
        return List.of(
                "fio",
                "--name=verify",
                "--ioengine=nbd",
                "--uri=" + uri,
                "--rw=randwrite",
                "--bs=4k",
                "--iodepth=16",
                "--size=96M",
                "--verify=crc32c",
                "--verify_state_save=0",
                "--do_verify=1",
                "--verify_fatal=1");
    }

    @Test
    void sigkillOfOneReplicaDuringFioVerifyLosesNothing() throws Exception {
        try (LocalVolume volume = threeReplicas()) {
            Path log = dir.resolve("fio.log");
            Process fio = ExternalCommand.start(log, fioVerify(volume.nbdUri()).toArray(String[]::new));
            Await.until(T, "fio is writing", () -> volume.totalWrites() > 2000);

            JvmProcess victim = volume.replicas.get(1);
            victim.kill();

            assertThat(fio.waitFor(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);
            assertThat(fio.exitValue()).as(output).isZero();
            assertThat(output).contains("err= 0");
            assertThat(volume.modeOf(victim)).isEqualTo("ERR");
            assertThat(volume.modeOf(volume.replicas.get(0))).isEqualTo("RW");
            assertThat(volume.ctl("replica", "ls"))
                    .contains(victim.ready("address"))
                    .contains("ERR");
        }
    }

    @Test
    void aReplicaThatStopsAnsweringIsFailedAfterTheTimeoutAndWritesGoOn() throws Exception {
        try (LocalVolume volume = threeReplicas("--replica-timeout", "3s")) {
            JvmProcess hung = volume.replicas.get(2);
            hung.pause();
            try {
                Path source = Checksums.randomFile(dir.resolve("src.img"), 16L << 20, 3);
                run(T, "nbdcopy", source.toString(), volume.nbdUri());
                assertThat(volume.modeOf(hung)).isEqualTo("ERR");
                // The rest of the fresh volume is zeros, which qemu-img compare counts as equal.
                String compare = volume.compareWith(source);
                assertThat(compare).contains("Images are identical");
            } finally {
                hung.resume();
            }
        }
    }

    @Test
    void sigkillOfEveryReplicaGivesClientsIoErrorsNotAHang() throws Exception {
        try (LocalVolume volume = threeReplicas()) {
            run(T, ExternalCommand.nbdsh(volume.nbdUri(), "h.pwrite(b'x' * 4096, 0)"));
            volume.replicas.forEach(JvmProcess::kill);

            ExternalCommand.Result read = runAllowingFailure(
                    Duration.ofSeconds(60), ExternalCommand.nbdsh(volume.nbdUri(), "h.pread(4096, 0)"));
            assertThat(read.exitCode()).isNotZero();
            assertThat(read.output()).containsIgnoringCase("Input/output error");

            ExternalCommand.Result write = runAllowingFailure(
                    Duration.ofSeconds(60), ExternalCommand.nbdsh(volume.nbdUri(), "h.pwrite(b'y' * 4096, 8192)"));
            assertThat(write.exitCode()).isNotZero();
            assertThat(write.output()).containsIgnoringCase("Input/output error");
            assertThat(volume.replicaModes())
                    .extracting(r -> r.path("mode").asText())
                    .containsOnly("ERR");
        }
    }
}
