package dev.corral.node.agent;

import dev.corral.engine.launch.ReadyLine;
import dev.corral.node.NodeMain;
import dev.corral.node.instance.LaunchedInstance;
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

/** {@code corral agent} as its own OS process, so that it can be SIGKILLed like a crashed agent. */
final class AgentProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(60);

    private final Process process;
    private final Map<String, String> ready;

    private AgentProcess(Process process, Map<String, String> ready) {
        this.process = process;
        this.ready = ready;
    }

    static AgentProcess start(Path nodeDir, String controlPlaneUrl) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                NodeMain.class.getName(),
                "agent",
                "--node",
                AgentFixture.NODE,
                "--dir",
                nodeDir.toString(),
                "--address",
                "127.0.0.1",
                "--control-plane",
                controlPlaneUrl));
        for (String option : LaunchedInstance.TEST_JVM) {
            command.add("--instance-jvm-option=" + option);
        }
        Path log = nodeDir.resolve("agent.log");
        Files.createDirectories(nodeDir);
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            String fresh = Files.readString(log, StandardCharsets.UTF_8).substring((int) from);
            Optional<Map<String, String>> fields = fresh.lines()
                    .map(ReadyLine::parse)
                    .flatMap(Optional::stream)
                    .findFirst();
            if (fields.isPresent()) {
                return new AgentProcess(process, fields.get());
            }
            if (!process.isAlive()) {
                throw new IOException("agent exited with " + process.exitValue() + ":\n" + fresh);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw new IOException(e);
            }
        }
        process.destroyForcibly();
        throw new IOException("agent not ready within " + READY);
    }

    String ready(String field) {
        return ready.get(field);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
