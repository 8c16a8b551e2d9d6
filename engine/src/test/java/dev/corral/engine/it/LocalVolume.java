package dev.corral.engine.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.engine.cli.EngineMain;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A volume served the way users run it: each replica and the controller in its own OS process on
 * loopback, started through the real {@code corral engine} commands.
 */
final class LocalVolume implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final List<String> REPLICA_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");
    private static final List<String> CONTROLLER_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

    final String name;
    final long size;
    final List<JvmProcess> replicas = new ArrayList<>();
    JvmProcess controller;
    private final Path logs;

    private LocalVolume(String name, long size, Path logs, JvmProcess controller) {
        this.name = name;
        this.size = size;
        this.logs = logs;
        this.controller = controller;
    }

    /** Replicas in {@code dataDirs} (one each), then a controller over them. */
    static LocalVolume start(Path logs, String name, long size, List<Path> dataDirs, String... extraControllerArgs)
            throws IOException {
        return start(logs, name, size, dataDirs, List.of(), extraControllerArgs);
    }

    /** Like {@link #start(Path, String, long, List, String...)}, each replica with {@code extraReplicaArgs}. */
    static LocalVolume start(
            Path logs,
            String name,
            long size,
            List<Path> dataDirs,
            List<String> extraReplicaArgs,
            String... extraControllerArgs)
            throws IOException {
        List<JvmProcess> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < dataDirs.size(); i++) {
                replicas.add(
                        startReplica(logs.resolve("replica-" + i + ".log"), dataDirs.get(i), size, extraReplicaArgs));
            }
            JvmProcess controller = engine(
                            logs.resolve("controller.log"),
                            CONTROLLER_JVM,
                            controllerArgs(name, size, replicas, extraControllerArgs))
                    .start();
            LocalVolume volume = new LocalVolume(name, size, logs, controller);
            volume.replicas.addAll(replicas);
            return volume;
        } catch (IOException | RuntimeException e) {
            replicas.forEach(JvmProcess::kill);
            throw e;
        }
    }

    static JvmProcess startReplica(Path log, Path dataDir, long size) throws IOException {
        return startReplica(log, dataDir, size, List.of());
    }

    static JvmProcess startReplica(Path log, Path dataDir, long size, List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "replica", "--dir", dataDir.toString(), "--listen", "127.0.0.1:0", "--size", Long.toString(size)));
        args.addAll(extraArgs);
        return engine(log, REPLICA_JVM, args).start();
    }

    /** {@code corral engine ARGS...} in a process of its own, attached to this test's JVM. */
    private static JvmLaunch engine(Path log, List<String> jvmOptions, List<String> args) {
        return JvmLaunch.of(EngineMain.class.getName())
                .args(args)
                .jvmOptions(jvmOptions)
                .log(log)
                .readyTimeout(READY);
    }

    /** Starts a new controller over {@code members} (the old one must be gone), as after a crash. */
    void restartController(List<JvmProcess> members) throws IOException {
        controller = engine(
                        logs.resolve("controller-restarted.log"), CONTROLLER_JVM, controllerArgs(name, size, members))
                .start();
    }

    private static List<String> controllerArgs(String name, long size, List<JvmProcess> replicas, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "controller",
                "--volume",
                name,
                "--size",
                Long.toString(size),
                "--nbd",
                "127.0.0.1:0",
                "--listen",
                "127.0.0.1:0"));
        for (JvmProcess replica : replicas) {
            args.add("--replica");
            args.add(replica.ready("address"));
        }
        args.addAll(List.of(extra));
        return args;
    }

    String nbdUri() {
        return controller.ready("nbd");
    }

    String controlUrl() {
        return controller.ready("control");
    }

    /** Runs {@code corral engine ctl --url URL ARGS...} in this JVM and returns what it printed. */
    String ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("ctl", "--url", controlUrl()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = EngineMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(all.toArray(String[]::new));
        if (exit != 0) {
            throw new AssertionError("ctl " + String.join(" ", args) + " failed: " + err);
        }
        return out.toString();
    }

    /** The replicas as the control API reports them (address, mode, failureReason). */
    JsonNode replicaModes() throws IOException {
        return Json.mapper().readTree(ctl("-o", "json", "replica", "ls"));
    }

    String modeOf(JvmProcess replica) throws IOException {
        for (JsonNode r : replicaModes()) {
            if (r.path("address").asText().equals(replica.ready("address"))) {
                return r.path("mode").asText();
            }
        }
        throw new AssertionError("replica " + replica.ready("address") + " not listed");
    }

    /** The running or last rebuild as the control API reports it; an empty object when none ran. */
    JsonNode rebuildStatus() {
        try {
            return Json.mapper().readTree(ctl("-o", "json", "rebuild", "status"));
        } catch (IOException | AssertionError e) {
            return Json.mapper().createObjectNode();
        }
    }

    /** Waits until the rebuild reaches {@code state} (RUNNING, COMPLETED, FAILED ...). */
    void awaitRebuild(String state) {
        Await.until(
                Duration.ofMinutes(3),
                "the rebuild is " + state,
                () -> state.equals(rebuildStatus().path("state").asText()));
    }

    /** Writes the controller has answered so far. */
    long totalWrites() {
        try {
            return Json.mapper()
                    .readTree(ctl("-o", "json", "stats"))
                    .path("ops")
                    .path("WRITE")
                    .path("totalOps")
                    .asLong();
        } catch (IOException | AssertionError e) {
            return 0;
        }
    }

    /** qemu-img compare of {@code image} with the export: its output. */
    String compareWith(Path image) {
        return ExternalCommand.run(
                Duration.ofMinutes(3), "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(), nbdUri());
    }

    Path logs() {
        return logs;
    }

    @Override
    public void close() {
        controller.close();
        replicas.forEach(JvmProcess::close);
    }
}
