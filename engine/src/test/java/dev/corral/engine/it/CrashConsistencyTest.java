package dev.corral.engine.it;

import static dev.corral.engine.testsupport.ExternalCommand.nbdsh;
import static dev.corral.engine.testsupport.ExternalCommand.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the controller and every replica in the middle of a write load, then a restart on the
 * same directories: every write the client saw acknowledged reads back intact.
 */
@SystemTest
class CrashConsistencyTest {
    private static final Duration T = Duration.ofMinutes(3);
    private static final long SIZE = 64L << 20;

    @TempDir
    Path dir;

    /** Writes block i with a pattern made from i, printing i once the write is acknowledged. */
    private static final String WRITER = String.join(
            "\n",
            "import sys",
            "n = " + (SIZE / 4096),
            "i = 0",
            "while True:",
            "    b = (i * 7919) % n",
            "    h.pwrite((b'%08d' % i) * 512, b * 4096)",
            "    if i % 50 == 49: h.flush()",
            "    print(i, b, flush=True)",
            "    i += 1",
            "");

    @Test
    void acknowledgedWritesSurviveKillingEveryProcess() throws Exception {
        List<Path> dirs = List.of(dir.resolve("r0"), dir.resolve("r1"), dir.resolve("r2"));
        Path acked = dir.resolve("acked.txt");
        try (LocalVolume volume = LocalVolume.start(dir.resolve("logs-1"), "crashy", SIZE, dirs)) {
            Process writer =
                    ExternalCommand.start(acked, nbdsh(volume.nbdUri(), WRITER).toArray(String[]::new));
            Await.until(
                    T,
                    "the writer has 3000 acknowledged writes",
                    () -> lines(acked).size() > 3000);
            volume.controller.kill();
            volume.replicas.forEach(JvmProcess::kill);
            writer.waitFor();
        }
        List<String> done =
                lines(acked).stream().filter(l -> l.matches("\\d+ \\d+")).toList();
        assertThat(done).hasSizeGreaterThan(3000);

        try (LocalVolume restarted = LocalVolume.start(dir.resolve("logs-2"), "crashy", SIZE, dirs)) {
            // The latest write to each block is the one that must be there.
            StringBuilder check = new StringBuilder("bad = 0\nexpected = {}\n");
            check.append("for line in open('").append(acked).append("'):\n");
            check.append("    p = line.split()\n");
            check.append("    if len(p) == 2 and p[0].isdigit(): expected[int(p[1])] = int(p[0])\n");
            check.append("for b, i in expected.items():\n");
            check.append("    if h.pread(4096, b * 4096) != (b'%08d' % i) * 512: bad += 1\n");
            check.append("print('checked', len(expected), 'bad', bad)\n");
            String result = run(T, nbdsh(restarted.nbdUri(), check.toString())).strip();
            assertThat(result).startsWith("checked ").endsWith(" bad 0");
            assertThat(restarted.replicaModes())
                    .extracting(r -> r.path("mode").asText())
                    .contains("RW");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }
}
