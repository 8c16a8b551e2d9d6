package dev.corral.node.agent;

import dev.corral.api.launch.CommandLines;
import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.node.instance.InstanceCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a node's instance process: the same java and class path as this JVM, the {@code instance}
 * command ({@link InstanceCommand}), output appended to {@code DIR/instance.log}, and returns once it
 * printed its ready line.
 *
 * <p>The instance must outlive the agent that started it (an agent restart must not take the
 * volumes down). A child survives its parent's SIGKILL anyway (Linux does not signal children when
 * a parent dies; it is re-parented), but it shares the parent's session and process group, so a
 * terminal hang-up or a signal to the agent's group ({@code kill -- -PGID}, Ctrl-C) would reach it
 * too. It is therefore started detached ({@link JvmLaunch#detach}), in a session and process
 * group of its own; its stdin is /dev/null and its output a file, so nothing ties it to the agent's
 * pipes. (Under systemd, a unit's stop kills its whole cgroup: run the agent with {@code
 * KillMode=process}, or the instance in a unit of its own.)
 */
public final class InstanceLauncher {
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

    /** Whether {@code pid} is an instance process serving {@code instanceDir}: never signal another. */
    static boolean isInstanceOf(long pid, Path instanceDir) {
        List<String> arguments = CommandLines.arguments(pid);
        return arguments.containsAll(entryPoint())
                && instanceDir.toAbsolutePath().toString().equals(CommandLines.option(arguments, "--dir"));
    }

    /** A started instance: its pid (from its ready line) and API URL. */
    public record Launched(long pid, String url) {}

    /** An instance without an identity: plain http, so {@code address} must be a loopback one. */
    public Launched launch(Path instanceDir, String address) throws IOException {
        return launch(instanceDir, address, Optional.empty());
    }

    /** An instance serving its API over mutual TLS with the node's identity in {@code identityDir}. */
    public Launched launch(Path instanceDir, String address, Optional<Path> identityDir) throws IOException {
        Path dir = instanceDir.toAbsolutePath();
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(entryPoint.subList(1, entryPoint.size()));
        args.addAll(List.of("--dir", dir.toString(), "--address", address));
        identityDir.ifPresent(identity ->
                args.addAll(List.of("--identity", identity.toAbsolutePath().toString())));
        JvmProcess process = JvmLaunch.of(entryPoint.getFirst())
                .args(args)
                .jvmOptions(jvmOptions)
                .log(dir.resolve("instance.log"))
                .detach()
                .readyTimeout(readyTimeout)
                .spawn();
        process.awaitReady();
        if (!"instance".equals(process.ready().fields().get("role"))
                || !dir.toString().equals(process.ready().fields().get("dir"))) {
            process.kill();
            throw new IOException("the process started for " + dir + " reported " + process.ready());
        }
        return new Launched(process.pid(), process.ready("url"));
    }
}
