package dev.corral.node.agent;

import dev.corral.engine.launch.ReadyLine;
import dev.corral.node.instance.InstanceCommand;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a node's instance process: the same java and class path as this JVM, the {@code instance}
 * command ({@link InstanceCommand}), output appended to {@code DIR/instance.log}, and returns once it printed its
 * ready line.
 *
 * <p>The instance must outlive the agent that started it (an agent restart must not take the
 * volumes down). A child survives its parent's SIGKILL anyway (Linux does not signal children when
 * a parent dies; it is re-parented), but it shares the parent's session and process group, so a
 * terminal hang-up or a signal to the agent's group ({@code kill -- -PGID}, Ctrl-C) would reach it
 * too. It is therefore started through {@code setsid}, in a session and process group of its own;
 * its stdin is /dev/null and its output a file, so nothing ties it to the agent's pipes. (Under
 * systemd, a unit's stop kills its whole cgroup: run the agent with {@code KillMode=process}, or
 * the instance in a unit of its own.)
 */
public final class InstanceLauncher {
    private static final String SETSID = "setsid";

    /**
     * The entry point every node-agent process is started through (the local cluster recognises
     * its processes by it in their command line); it must offer the {@code instance} subcommand.
     */
    static final String AGENT_MAIN = "dev.corral.node.NodeMain";

    private final List<String> jvmOptions;
    private final Duration readyTimeout;
    private final List<String> entryPoint;

    public InstanceLauncher(List<String> jvmOptions, Duration readyTimeout) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.readyTimeout = readyTimeout;
        this.entryPoint = entryPoint();
    }

    /**
     * {@code NodeMain instance} when the class path has the node's entry point, else {@link
     * InstanceCommand}'s own main (a class path with this module alone, as in its tests).
     */
    static List<String> entryPoint() {
        try {
            Class.forName(AGENT_MAIN, false, InstanceLauncher.class.getClassLoader());
            return List.of(AGENT_MAIN, "instance");
        } catch (ClassNotFoundException e) {
            return List.of(InstanceCommand.class.getName());
        }
    }

    /** A started instance: its pid (from its ready line) and API URL. */
    public record Launched(long pid, String url) {}

    public Launched launch(Path instanceDir, String address) throws IOException {
        Path dir = instanceDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("instance.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>();
        command.add(setsid());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(entryPoint);
        command.addAll(List.of("--dir", dir.toString(), "--address", address));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return awaitReady(process, log, logStart, dir);
    }

    private Launched awaitReady(Process process, Path log, long logStart, Path dir) throws IOException {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, String>> ready = readyLine(log, logStart, dir);
            if (ready.isPresent()) {
                return new Launched(
                        Long.parseLong(ready.get().get("pid")), ready.get().get("url"));
            }
            if (!process.isAlive()) {
                throw new IOException("instance process exited with " + process.exitValue() + " before it was ready; "
                        + log + " ends with:\n" + tail(log, logStart));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the instance process", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("instance process not ready within " + readyTimeout + "; " + log + " ends with:\n"
                + tail(log, logStart));
    }

    /** The ready line this start printed: after {@code logStart}, naming {@code dir}. */
    private static Optional<Map<String, String>> readyLine(Path log, long logStart, Path dir) throws IOException {
        for (String line : linesSince(log, logStart)) {
            Optional<Map<String, String>> fields = ReadyLine.parse(line);
            if (fields.isPresent()
                    && "instance".equals(fields.get().get("role"))
                    && dir.toString().equals(fields.get().get("dir"))) {
                return fields;
            }
        }
        return Optional.empty();
    }

    private static List<String> linesSince(Path log, long logStart) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length() - logStart;
            if (length <= 0) {
                return List.of();
            }
            byte[] bytes = new byte[(int) Math.min(length, 4 << 20)];
            file.seek(logStart);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String tail(Path log, long logStart) throws IOException {
        List<String> lines = linesSince(log, logStart);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String setsid() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, SETSID))) {
                return Path.of(dir, SETSID).toString();
            }
        }
        for (String dir : List.of("/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, SETSID))) {
                return Path.of(dir, SETSID).toString();
            }
        }
        throw new IOException("setsid (util-linux) is needed to start the instance process in a session of its own");
    }
}
