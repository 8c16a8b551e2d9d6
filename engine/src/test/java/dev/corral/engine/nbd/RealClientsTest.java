package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real NBD clients (libnbd's nbdinfo and nbdcopy, qemu-img, fio's nbd engine) against a running
 * server on loopback. Devices complete on their own threads, as real volumes do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SystemTest
class RealClientsTest {
    private static final Logger log = LoggerFactory.getLogger(RealClientsTest.class);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final long MIB = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestExports exports = new TestExports();
    private final ExecutorService deviceThreads = Executors.newFixedThreadPool(2);
    private NbdServer server;

    @BeforeAll
    void start() {
        server = NbdServer.start(NbdServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), exports);
    }

    @AfterAll
    void stop() {
        server.close();
        deviceThreads.shutdownNow();
    }

    private String uri(String export) {
        return "nbd://127.0.0.1:" + server.localAddress().getPort() + "/" + export;
    }

    @Test
    void serverBindsAnEphemeralPort() {
        assertThat(server.localAddress().getPort()).isPositive();
        assertThat(server.localAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void nbdinfoShowsSizeFlagsAndBlockSizes() throws IOException {
        exports.add("info", new MemoryBlockDevice(64 * MIB, deviceThreads));
        JsonNode info = JSON.readTree(ExternalCommand.run(TOOL_TIMEOUT, "nbdinfo", "--json", uri("info")));
        assertThat(info.path("protocol").asText()).isEqualTo("newstyle-fixed");
        assertThat(info.path("structured").asBoolean()).isTrue();
        JsonNode export = info.path("exports").get(0);
        assertThat(export.path("export-name").asText()).isEqualTo("info");
        assertThat(export.path("export-size").asLong()).isEqualTo(64 * MIB);
        assertThat(export.path("is_read_only").asBoolean()).isFalse();
        for (String flag : List.of("can_multi_conn", "can_trim", "can_fua", "can_zero", "can_flush", "can_df")) {
            assertThat(export.path(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(export.path("can_fast_zero").asBoolean()).isFalse();
        assertThat(export.path("block_size_minimum").asInt()).isEqualTo(1);
        assertThat(export.path("block_size_preferred").asInt()).isEqualTo(4096);
        assertThat(export.path("block_size_maximum").asInt()).isEqualTo(32 * MIB);
        assertThat(export.path("contexts").toString()).contains("base:allocation");
    }

    @Test
    void nbdinfoListsExports() throws IOException {
        exports.add("list-a", new MemoryBlockDevice(MIB));
        exports.add("list-b", new MemoryBlockDevice(2 * MIB));
        JsonNode list = JSON.readTree(ExternalCommand.run(
                TOOL_TIMEOUT,
                "nbdinfo",
                "--list",
                "--json",
                "nbd://127.0.0.1:" + server.localAddress().getPort()));
        List<String> names = new ArrayList<>();
        for (JsonNode export : list.path("exports")) {
            names.add(export.path("export-name").asText());
            if (export.path("export-name").asText().equals("list-b")) {
                assertThat(export.path("export-size").asLong()).isEqualTo(2 * MIB);
                assertThat(export.path("description").asText()).isEqualTo("test export of 2097152 bytes");
            }
        }
        assertThat(names).contains("list-a", "list-b");
    }

    @Test
    void nbdinfoMapShowsHolesAndData() throws IOException {
        MemoryBlockDevice device = exports.add("map", new MemoryBlockDevice(8 * MIB, deviceThreads));
        device.fill(MIB, new byte[8192]);
        device.fill(3 * MIB, new byte[] {1, 2, 3});
        JsonNode map = JSON.readTree(ExternalCommand.run(TOOL_TIMEOUT, "nbdinfo", "--map", "--json", uri("map")));
        List<String> extents = new ArrayList<>();
        for (JsonNode extent : map) {
            extents.add(
                    extent.path("offset").asLong() + "+" + extent.path("length").asLong() + " "
                            + extent.path("description").asText());
        }
        assertThat(extents)
                .containsExactly(
                        "0+1048576 hole,zero",
                        "1048576+8192 data",
                        "1056768+2088960 hole,zero",
                        "3145728+4096 data",
                        "3149824+5238784 hole,zero");
    }

    @Test
    void nbdcopyRoundTripsRandomDataAndQemuImgAgrees(@TempDir Path dir) throws IOException {
        MemoryBlockDevice device = exports.add("copy", new MemoryBlockDevice(64 * MIB, deviceThreads));
        Path source = dir.resolve("source.img");
        writeRandomFile(source, 64 * MIB);
        Path copy = dir.resolve("copy.img");

        ExternalCommand.run(TOOL_TIMEOUT, "nbdcopy", source.toString(), uri("copy"));
        ExternalCommand.run(TOOL_TIMEOUT, "nbdcopy", uri("copy"), copy.toString());

        assertThat(sha256(copy)).isEqualTo(sha256(source));
        assertThat(device.checksum()).isEqualTo(sha256(source));
        assertThat(ExternalCommand.run(
                        TOOL_TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", source.toString(), uri("copy")))
                .contains("Images are identical");
    }

    @Test
    void fioRandomWritesWithCrcVerificationAtQueueDepth32(@TempDir Path dir) throws IOException {
        exports.add("fio", new MemoryBlockDevice(64 * MIB, deviceThreads));
        Path report = dir.resolve("fio.json");
        ExternalCommand.run(
                TOOL_TIMEOUT,
                "fio",
                "--name=randwrite-verify",
                "--ioengine=nbd",
                "--uri=" + uri("fio"),
                "--rw=randwrite",
                "--bs=4k",
                "--iodepth=32",
                "--size=64m",
                // A fixed amount of I/O rather than a time: on a loaded machine the count is the same.
                "--io_size=48m",
                "--verify=crc32c",
                "--verify_backlog=4096",
                "--verify_fatal=1",
                "--verify_state_save=0",
                "--output-format=json",
                "--output=" + report);
        JsonNode job = JSON.readTree(report.toFile()).path("jobs").get(0);
        assertThat(job.path("error").asInt()).isZero();
        long writes = job.path("write").path("total_ios").asLong();
        long verifiedReads = job.path("read").path("total_ios").asLong();
        log.info(
                "fio randwrite 4k QD32 with crc32c verify: {} write IOPS, {} writes, {} verify reads",
                Math.round(job.path("write").path("iops").asDouble()),
                writes,
                verifiedReads);
        assertThat(writes).isEqualTo((48L << 20) / 4096);
        assertThat(verifiedReads).as("blocks read back and verified").isGreaterThan(writes / 2);
    }

    private static void writeRandomFile(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
