package dev.corral.engine.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An engine role (replica or controller) running as its own OS process, started from this JVM's
 * class path, so that it can be killed with SIGKILL like a real node failure. Output goes to a log
 * file; {@link #start} returns once the process printed its {@link ReadyLine}.
 */
public final class EngineProcess implements AutoCloseable {
    private static final String MAIN = "dev.corral.engine.cli.EngineMain";

    private final Process process;
    private final Path log;
    private final Map<String, String> ready;

    private EngineProcess(Process process, Path log, Map<String, String> ready) {
        this.process = process;
        this.log = log;
        this.ready = ready;
    }

    /** Starts {@code corral engine ARGS...} and waits until it is ready to serve. */
    public static EngineProcess start(Path log, List<String> jvmOptions, List<String> args, Duration readyTimeout)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new EngineProcess(process, log, awaitReady(process, log, readyTimeout));
    }

    private static Map<String, String> awaitReady(Process process, Path log, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, String>> ready = findReady(log, process.pid());
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!process.isAlive()) {
                throw new IOException(
                        "engine process exited with " + process.exitValue() + " before it was ready:\n" + tail(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the engine process", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("engine process not ready within " + timeout + ":\n" + tail(log));
    }

    private static Optional<Map<String, String>> findReady(Path log, long pid) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Optional<Map<String, String>> fields = ReadyLine.parse(line);
            if (fields.isPresent() && String.valueOf(pid).equals(fields.get().get("pid"))) {
                return fields;
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** A field of the ready line, e.g. "address", "nbd" or "control". */
    public String ready(String field) {
        String value = ready.get(field);
        if (value == null) {
            throw new IllegalStateException("ready line has no field " + field + ": " + ready);
        }
        return value;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as a crashed node: no shutdown hooks, no clean close. Waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitGone();
    }

    /** SIGSTOP: the process stays connected but answers nothing, like a hung node. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM and a clean shutdown; SIGKILL if it does not exit within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitGone();
    }

    private void waitGone() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
