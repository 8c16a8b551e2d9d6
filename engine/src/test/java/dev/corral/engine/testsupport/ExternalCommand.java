package dev.corral.engine.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real program (nbdinfo, fio, qemu-img, mount, ...) the way a user would, and fails the test
 * with the program's own output when it is missing, fails or hangs. Tools are never optional:
 * {@code ./corral test} installs them, and in CI a missing tool fails the run.
 */
public final class ExternalCommand {
    private ExternalCommand() {}

    /** Result of a finished command; output is stdout and stderr interleaved. */
    public record Result(int exitCode, String output) {
        public Result requireSuccess(List<String> command) {
            if (exitCode != 0) {
                throw new AssertionError(
                        "command failed (exit " + exitCode + "): " + String.join(" ", command) + "\n" + output);
            }
            return this;
        }
    }

    /** Fails the test when {@code tool} is not on the PATH. */
    public static void requireTool(String tool) {
        if (tool.startsWith("/")) {
            if (Files.isExecutable(Path.of(tool))) {
                return;
            }
            throw new AssertionError(
                    tool + " is not installed; run ./corral test, which installs the tools the tests use");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new AssertionError(tool + " is not installed; run ./corral test, which installs the tools the tests use");
    }

    /** Runs a command to completion and requires exit code 0. */
    public static String run(Duration timeout, String... command) {
        List<String> cmd = List.of(command);
        return runAllowingFailure(timeout, cmd).requireSuccess(cmd).output();
    }

    /** Runs a command to completion and requires exit code 0. */
    public static String run(Duration timeout, List<String> command) {
        return runAllowingFailure(timeout, command).requireSuccess(command).output();
    }

    /** Runs a command to completion and returns its exit code and output. */
    public static Result runAllowingFailure(Duration timeout, List<String> command) {
        requireTool(command.getFirst());
        try {
            Path out = Files.createTempFile("corral-cmd", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("command did not finish within " + timeout + ": "
                            + String.join(" ", command) + "\n" + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * The argv of nbdsh (libnbd's scriptable client) running {@code script} against {@code uri}.
     * nbdsh is Debian's python3 with the libnbd bindings; calling that interpreter directly keeps
     * another python3 earlier on PATH (pyenv) from being picked.
     */
    public static List<String> nbdsh(String uri, String script) {
        return List.of("/usr/bin/python3", "-m", "nbd", "-u", uri, "-c", script);
    }

    /** Starts a long-running program (nbdfuse, a server) with its output sent to {@code log}. */
    public static Process start(Path log, String... command) {
        requireTool(command[0]);
        try {
            return new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("could not start " + String.join(" ", command), e);
        }
    }
}
