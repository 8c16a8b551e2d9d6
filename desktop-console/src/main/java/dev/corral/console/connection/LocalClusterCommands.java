package dev.corral.console.connection;

import dev.corral.api.launch.JvmLaunch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The local cluster's commands ({@code corral local up|kill-node|start-node --local-dir DIR}), each run as
 * a child process through the launcher. The console does not compile against the node's module:
 * the command's entry point is named, and found at run time on the class path ({@code ./corral
 * console} has every module on it). Each line a command prints is a step shown to the operator.
 *
 * <p>A command still running when the console is stopped is stopped with it (SIGTERM), and a
 * starting command then stops the processes it had started: closing the console half-way through
 * leaves no half-started cluster behind.
 *
 * @param timeout how long one command may take (starting a cluster is a few JVM starts)
 * @param stopGrace how long a command may take to stop what it started when the console stops
 */
public record LocalClusterCommands(Path dir, Duration timeout, Duration stopGrace) {
    /** The node module's entry point, which offers the {@code local} command. */
    public static final String NODE_MAIN = "dev.corral.node.NodeMain";

    private static final int ERROR_LINES = 15;

    public LocalClusterCommands(Path dir) {
        this(dir, Duration.ofMinutes(5), Duration.ofSeconds(90));
    }

    public LocalClusterCommands {
        dir = dir.toAbsolutePath().normalize();
    }

    /** Starts what of the cluster is not running (a new cluster with {@code nodes} nodes). */
    public void up(int nodes, Consumer<String> progress) throws IOException {
        run(progress, "up", "--nodes", Integer.toString(nodes));
    }

    /** SIGKILL of the node's agent and instance process: a power loss. */
    public void killNode(String node) throws IOException {
        run(line -> {}, "kill-node", node);
    }

    /** Starts the node's agent again; it starts the instance process. */
    public void startNode(String node) throws IOException {
        run(line -> {}, "start-node", node);
    }

    private void run(Consumer<String> progress, String command, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("local", command, "--local-dir", dir.toString()));
        all.addAll(List.of(args));
        Deque<String> last = new ArrayDeque<>();
        int exit = JvmLaunch.of(NODE_MAIN)
                .args(all)
                .jvmOptions(JvmLaunch.LIGHT_JVM)
                .log(dir.resolve("console-commands.log"))
                .stopGrace(stopGrace)
                .run(
                        line -> {
                            if (last.size() == ERROR_LINES) {
                                last.removeFirst();
                            }
                            last.addLast(line);
                            progress.accept(line);
                        },
                        timeout);
        if (exit != 0) {
            throw new IOException(
                    "corral local " + command + " failed (exit " + exit + "):\n" + String.join("\n", last));
        }
    }
}
