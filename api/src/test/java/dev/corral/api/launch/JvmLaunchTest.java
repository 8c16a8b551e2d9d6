package dev.corral.api.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs started, awaited and signalled through the launcher. */
class JvmLaunchTest {
    @TempDir
    Path tmp;

    private JvmLaunch child(String... args) {
        return JvmLaunch.of(Child.class.getName())
                .args(args)
                .jvmOptions(JvmLaunch.LIGHT_JVM)
                .log(tmp.resolve("logs/child.log"));
    }

    @Test
    void aRestartedProcessIsReadyOnlyByItsOwnReadyLineInTheLogItAppendsTo() throws Exception {
        long firstPid;
        try (JvmProcess first = child("serve", "first").start()) {
            firstPid = first.pid();
            assertThat(first.ready("name")).isEqualTo("first");
            assertThat(first.ready().pid()).isEqualTo(first.pid());
        }
        try (JvmProcess second = child("serve", "second").start()) {
            assertThat(second.ready("name")).isEqualTo("second");
            assertThat(second.ready().pid()).isEqualTo(second.pid()).isNotEqualTo(firstPid);
        }
        assertThat(Files.readString(tmp.resolve("logs/child.log")))
                .contains("starting first")
                .contains("starting second");
    }

    @Test
    void thePidIsKnownBeforeTheProcessIsReady() throws Exception {
        try (JvmProcess process = child("serve", "x").spawn()) {
            assertThat(process.pid()).isPositive();
            assertThat(CommandLines.arguments(process.pid())).contains(Child.class.getName());
            assertThatThrownBy(process::ready).isInstanceOf(IllegalStateException.class);
            assertThat(process.awaitReady().pid()).isEqualTo(process.pid());
        }
    }

    @Test
    void aProcessThatExitsBeforeItIsReadyIsReportedWithItsLog() {
        assertThatThrownBy(() -> child("fail", "7").start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 7")
                .hasMessageContaining("cannot start: 7");
    }

    @Test
    void aProcessNotReadyInTimeIsKilled() throws Exception {
        JvmProcess silent = child("silent").readyTimeout(Duration.ofSeconds(2)).spawn();
        assertThatThrownBy(silent::awaitReady)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not ready within PT2S");
        assertThat(silent.alive()).isFalse();
    }

    @Test
    void stopEscalatesToSigkillAfterTheGrace() throws Exception {
        JvmProcess stubborn = child("stubborn").stopGrace(Duration.ofSeconds(1)).start();
        long began = System.nanoTime();
        stubborn.stop();
        assertThat(stubborn.alive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void pauseStopsTheProcessAndResumeLetsItGoOn() throws Exception {
        try (JvmProcess process = child("serve", "p").start()) {
            process.pause();
            eventually("stopped", () -> state(process.pid()).equals("T"));
            process.resume();
            eventually("running again", () -> !state(process.pid()).equals("T"));
        }
    }

    @Test
    void aDetachedProcessHasASessionOfItsOwn() throws Exception {
        try (JvmProcess process = child("serve", "d").detach().start()) {
            assertThat(session(process.pid())).isEqualTo(process.pid());
            assertThat(session(process.pid()))
                    .isNotEqualTo(session(ProcessHandle.current().pid()));
        }
    }

    @Test
    void runHandsOverEveryLineAndTheExitCode() throws Exception {
        List<String> lines = new ArrayList<>();
        int exit = child("print", "one", "two", "three").run(lines::add, Duration.ofSeconds(60));
        assertThat(exit).isZero();
        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(child("fail", "3").run(line -> {}, Duration.ofSeconds(60))).isEqualTo(3);
    }

    @Test
    void aPidWhoseCommandLineIsNotOursIsNeverHandedOut() throws Exception {
        try (JvmProcess process = child("serve", "mine").start()) {
            assertThat(RunningProcess.ours(process.pid(), args -> args.contains("mine")))
                    .isPresent();
            assertThat(RunningProcess.ours(process.pid(), args -> args.contains("someone-else")))
                    .isEmpty();
        }
        assertThat(RunningProcess.ours(Long.MAX_VALUE, args -> true)).isEmpty();
    }

    /** The state letter in /proc/PID/stat (R, S, T...). */
    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} for up to 10 s: a signal is delivered asynchronously. */
    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 10 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
