package dev.corral.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Volume;
import dev.corral.engine.testsupport.SystemTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability against the real thing: a separate JVM writes to the store and is SIGKILLed at a
 * random moment; the store reopened afterwards must hold every write the child was told had
 * returned, and nothing that is not a whole prefix of its writes.
 */
@SystemTest
class SqliteStoreCrashTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    record Ack(long revision, CrashWriter.Op op, String name) {}

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path db = dir.resolve("state.db");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long lastAck = 0;
        long revision = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 1 + random.nextInt(300);
            Path stderr = dir.resolve("child-" + round + ".err");
            List<Ack> acks = runAndKill(db, killAfter, random.nextInt(3_000), stderr);
            String context = "seed " + seed + ", round " + round + ", child stderr: " + Files.readString(stderr);
            assertThat(acks).as(context).hasSizeGreaterThanOrEqualTo(killAfter);
            // The child goes on from whatever the last round left, acknowledged or not.
            assertThat(acks.getFirst().revision()).as(context).isEqualTo(revision + 1);
            lastAck = acks.getLast().revision();

            Path wal = Path.of(db + "-wal");
            long walBytes = Files.exists(wal) ? Files.size(wal) : -1;
            assertThat(integrityCheckOfACopy(db, dir.resolve("copy-" + round)))
                    .as(context)
                    .isEqualTo("ok");
            try (SqliteStore store = SqliteStore.open(db)) {
                revision = store.revision();
                // The child may have committed one write it was killed before acknowledging.
                assertThat(revision).as(context).isBetween(lastAck, lastAck + 1);
                Map<String, CrashWriter.Expected> stored = new HashMap<>();
                for (Volume v : store.list(Kind.VOLUME)) {
                    stored.put(v.name(), CrashWriter.expected(v));
                }
                assertThat(stored).as(context).isEqualTo(CrashWriter.replay(revision));
                assertAcksFollowTheWorkload(acks, context);
                System.out.printf(
                        "round %d: killed after %d acks (last %d); reopened at revision %d; WAL was %d bytes%n",
                        round, acks.size(), lastAck, revision, walBytes);
            }
        }
        assertThat(lastAck).isGreaterThanOrEqualTo(ROUNDS);
    }

    /**
     * Starts the child, reads {@code killAfter} acks, lets it run on for up to {@code extraMicros}
     * (so that the kill lands anywhere in a write), SIGKILLs it and returns every ack it printed.
     */
    private List<Ack> runAndKill(Path db, int killAfter, int extraMicros, Path stderr)
            throws IOException, InterruptedException {
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                db.toString());
        Process child =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        // If the child hangs, killing it ends the reads below with EOF instead of hanging the build.
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(child::destroyForcibly);
        List<Ack> acks = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acks.size() < killAfter && (line = out.readLine()) != null) {
                parse(line, acks);
            }
            TimeUnit.MICROSECONDS.sleep(extraMicros);
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
            // pipe and drop the acks still in it.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Acks already in the pipe were printed after their write returned: they count too.
            while ((line = out.readLine()) != null) {
                parse(line, acks);
            }
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        return acks;
    }

    private static void parse(String line, List<Ack> acks) {
        String[] f = line.split(" ");
        if (f.length == 5 && f[0].equals("ACK") && f[4].equals("END")) {
            acks.add(new Ack(Long.parseLong(f[1]), CrashWriter.Op.valueOf(f[2]), f[3]));
        }
    }

    /** The child's acks must be consecutive and be the workload's writes, or the check above is moot. */
    private static void assertAcksFollowTheWorkload(List<Ack> acks, String context) {
        long first = acks.getFirst().revision();
        Set<String> exists = new HashSet<>(CrashWriter.replay(first - 1).keySet());
        for (int i = 0; i < acks.size(); i++) {
            Ack ack = acks.get(i);
            long write = ack.revision() - 1;
            assertThat(ack.revision()).as(context).isEqualTo(first + i);
            assertThat(ack.name()).as(context).isEqualTo(CrashWriter.name(write));
            assertThat(ack.op()).as(context).isEqualTo(CrashWriter.op(write, exists.contains(ack.name())));
            if (ack.op() == CrashWriter.Op.DELETE) {
                exists.remove(ack.name());
            } else {
                exists.add(ack.name());
            }
        }
    }

    /**
     * Runs {@code PRAGMA integrity_check} on a copy of the file as the kill left it (database and
     * WAL), so that the check sees the crashed state itself and the store still recovers the
     * original.
     */
    private static String integrityCheckOfACopy(Path db, Path copyDir) throws IOException, SQLException {
        Files.createDirectories(copyDir);
        Path copy = copyDir.resolve(db.getFileName());
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path source = Path.of(db + suffix);
            if (Files.exists(source)) {
                Files.copy(source, Path.of(copy + suffix));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join("\n", lines);
        }
    }
}
