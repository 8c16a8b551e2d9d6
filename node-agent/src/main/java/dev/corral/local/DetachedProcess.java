package dev.corral.local;

import dev.corral.engine.launch.ReadyLine;
import dev.corral.node.agent.CommandLines;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a Corral process (`MAIN ARGS`) from this JVM's class path in its own session
 * (setsid), so that it outlives the command that started it and a terminal's Ctrl-C does not reach
 * it, and waits for its ready line in its log. A prefix runs it through another command first
 * (`ip netns exec NS`: a node in its own network namespace).
 */
final class DetachedProcess {
    /** The control plane's entry point, started by name: this module does not compile against it. */
    static final String CONTROL_PLANE_MAIN = "dev.corral.controlplane.ControlPlaneMain";

    static final String NODE_MAIN = "dev.corral.node.NodeMain";

    private DetachedProcess() {}

    /**
     * JVM options of the control plane and the agents: they are mostly idle and never on the data
     * path, so C1 alone (less compile CPU and memory) and the serial collector suit them.
     */
    static final List<String> LIGHT_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    /** Answers the ready line's fields (pid among them). */
    static Map<String, String> start(
            Path log, List<String> prefix, List<String> jvmOptions, String main, List<String> args, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add("setsid");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        long offset = Files.exists(log) ? Files.size(log) : 0;
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, String>> ready = readyLine(log, offset);
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!process.isAlive()) {
                throw new IOException("exited with " + process.exitValue() + " before it was ready; its log " + log
                        + " ends with:\n" + tail(log));
            }
            sleep(Duration.ofMillis(50));
        }
        process.destroyForcibly();
        throw new IOException("not ready within " + timeout + "; its log " + log + " ends with:\n" + tail(log));
    }

    private static Optional<Map<String, String>> readyLine(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        byte[] all = Files.readAllBytes(log);
        String fresh = new String(
                all,
                (int) Math.min(offset, all.length),
                (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
        for (String line : fresh.split("\n")) {
            Optional<Map<String, String>> fields = ReadyLine.parse(line);
            if (fields.isPresent()) {
                return fields;
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /**
     * Whether {@code pid} is alive and one of ours: a pid file can outlive its process, and the
     * number may since belong to something else, which must never be signalled.
     */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                && (CommandLines.arguments(pid).contains(NODE_MAIN)
                        || CommandLines.arguments(pid).contains(CONTROL_PLANE_MAIN));
    }

    /** SIGKILL (or SIGTERM when {@code force} is false) and wait until the process is gone. */
    static void stop(long pid, boolean force, Duration timeout) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        if (force) {
            handle.get().destroyForcibly();
        } else {
            handle.get().destroy();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handle.get().isAlive() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
        if (handle.get().isAlive()) {
            handle.get().destroyForcibly();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
