package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.launch.CommandLines;
import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.api.launch.RunningProcess;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.SystemTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console, opened on a machine without a local cluster, starts one; stopped while it is still
 * starting it, then {@code corral local down}: no process of that cluster may survive. (It used to
 * print "stopped" and leave the agents and their instance processes running, unrecorded, restarting
 * instances against a dead control plane.) Real processes all along: the console's own entry point
 * on JavaFX's headless platform, the cluster it starts, and {@code local down} as a user runs it.
 */
@SystemTest
class AbandonedConsoleTest {
    private static final Duration T = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    private Path dir;

    @AfterEach
    void leaveNothing() {
        // Whatever the outcome, a failed run must not leave a cluster on the machine.
        if (dir != null) {
            processesNaming(dir)
                    .forEach(pid -> RunningProcess.ours(pid, args -> mentions(args, dir))
                            .ifPresent(RunningProcess::kill));
        }
    }

    @Test
    void aConsoleStoppedWhileStartingTheClusterLeavesNothingAfterLocalDown() throws Exception {
        dir = tmp.resolve("local");
        JvmProcess console = startConsole();
        awaitAnInstanceWhileStarting(console);

        ProcessHandle.of(console.pid()).orElseThrow().destroy(); // SIGTERM, as a window manager or kill(1)
        assertThat(new RunningProcess(ProcessHandle.of(console.pid()).orElseThrow(), T, T).awaitExit(T))
                .as("the console exits on SIGTERM")
                .isTrue();

        assertLocalDownLeavesNothing();
    }

    @Test
    void aConsoleKilledWhileStartingTheClusterLeavesNothingAfterLocalDown() throws Exception {
        dir = tmp.resolve("local");
        JvmProcess console = startConsole();
        awaitAnInstanceWhileStarting(console);

        // SIGKILL runs no shutdown hook: the start it ran goes on unowned, and local down must stop it.
        console.kill();

        assertLocalDownLeavesNothing();
    }

    private JvmProcess startConsole() throws IOException {
        return JvmLaunch.of(Main.class.getName())
                .args("console", "--local-dir", dir.toString())
                .jvmOptions(List.of(
                        "-Dglass.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true", "-Xmx512m"))
                .environment(Map.of(
                        "CORRAL_HOME",
                        tmp.toString(),
                        "CORRAL_CONSOLE_HOME",
                        tmp.resolve("console").toString()))
                .log(tmp.resolve("console.log"))
                .stopGrace(T)
                .spawn();
    }

    /**
     * Until the start the console runs has spawned an agent and that agent its instance process,
     * while the start still runs (it waits for the agents' ready lines, which follow the instance's).
     */
    private void awaitAnInstanceWhileStarting(JvmProcess console) throws IOException {
        Await.until(T, "the console's start of the cluster spawned an agent and an instance process", () -> {
            assertThat(console.alive()).as("the console runs").isTrue();
            List<List<String>> all = commandLinesNaming(dir);
            return all.stream().anyMatch(args -> args.contains("agent"))
                    && all.stream().anyMatch(args -> args.contains("instance"));
        });
        assertThat(commandLinesNaming(dir))
                .as("the cluster is still being started (%s)", console.logTail())
                .anySatisfy(args -> assertThat(args).contains("local", "up"));
    }

    private void assertLocalDownLeavesNothing() throws IOException {
        List<String> output = new ArrayList<>();
        int exit = JvmLaunch.of(Main.class.getName())
                .args("local", "down", "--local-dir", dir.toString())
                .jvmOptions(JvmLaunch.LIGHT_JVM)
                .environment(Map.of("CORRAL_HOME", tmp.toString()))
                .log(tmp.resolve("down.log"))
                .run(output::add, T);
        assertThat(exit).as("local down: %s", output).isZero();
        assertThat(output).contains("stopped");
        try {
            Await.until(
                    Duration.ofSeconds(30),
                    "no process names " + dir,
                    () -> commandLinesNaming(dir).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("still running after local down: " + commandLinesNaming(dir), e);
        }
    }

    private static List<Long> processesNaming(Path dir) {
        return CommandLines.find(args -> mentions(args, dir));
    }

    private static List<List<String>> commandLinesNaming(Path dir) {
        return processesNaming(dir).stream()
                .map(CommandLines::arguments)
                .filter(args -> !args.isEmpty())
                .toList();
    }

    private static boolean mentions(List<String> arguments, Path dir) {
        return arguments.stream().anyMatch(a -> a.contains(dir.toString()));
    }
}
