package dev.corral.api.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to start a Corral process: a main class on this JVM's class path (and with its java), its
 * arguments and JVM options, the log its stdout and stderr are appended to, and whether it is
 * detached. Built fluently, e.g.
 *
 * <pre>{@code
 * JvmProcess agent = JvmLaunch.of("dev.corral.node.NodeMain")
 *         .args("agent", "--node", "node-1", ...)
 *         .jvmOptions(JvmLaunch.LIGHT_JVM)
 *         .log(nodeDir.resolve("agent.log"))
 *         .detach()
 *         .spawn();           // the pid is known here: record it before waiting
 * agent.awaitReady();         // its CORRAL-READY line
 * }</pre>
 *
 * <p>Every Corral child process is started here: the local cluster's control plane and agents, an
 * agent's instance process, the engine's processes of the demo and the tests, and the local
 * cluster's commands the console runs.
 *
 * @param prefix a command the JVM is run through, e.g. {@code ip netns exec NS}; it must exec the
 *     JVM (not fork it), so that the spawned pid is the JVM's
 * @param environment variables set for the process beside this one's
 * @param detached in a session and process group of its own ({@code setsid}): the process outlives
 *     this one, and a terminal's hang-up or Ctrl-C, or a signal to this process's group, does not
 *     reach it. An attached process shares them (a test's replica, a command this one runs).
 * @param readyTimeout how long {@link JvmProcess#awaitReady} waits for the ready line
 * @param stopGrace how long {@link JvmProcess#stop} waits after SIGTERM before SIGKILL
 * @param exitTimeout how long a SIGKILL may take to end the process
 */
public record JvmLaunch(
        String mainClass,
        List<String> args,
        List<String> jvmOptions,
        List<String> prefix,
        Map<String, String> environment,
        Path log,
        boolean detached,
        Duration readyTimeout,
        Duration stopGrace,
        Duration exitTimeout) {
    /**
     * JVM options of processes that are mostly idle and never on the data path (the control plane,
     * the agents, the local cluster's commands): C1 alone (less compile CPU and memory) and the
     * serial collector suit them.
     */
    public static final List<String> LIGHT_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

    private static final String SETSID = "setsid";

    public JvmLaunch {
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
        jvmOptions = List.copyOf(jvmOptions);
        prefix = List.copyOf(prefix);
        environment = Map.copyOf(environment);
        log = log == null ? null : log.toAbsolutePath();
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(exitTimeout, "exitTimeout");
    }

    /** {@code mainClass} with no arguments, attached, and the default timeouts. */
    public static JvmLaunch of(String mainClass) {
        return new JvmLaunch(
                mainClass,
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                null,
                false,
                DEFAULT_READY_TIMEOUT,
                RunningProcess.DEFAULT_STOP_GRACE,
                RunningProcess.DEFAULT_EXIT_TIMEOUT);
    }

    public JvmLaunch args(List<String> newArgs) {
        return new JvmLaunch(
                mainClass,
                newArgs,
                jvmOptions,
                prefix,
                environment,
                log,
                detached,
                readyTimeout,
                stopGrace,
                exitTimeout);
    }

    public JvmLaunch args(String... newArgs) {
        return args(List.of(newArgs));
    }

    public JvmLaunch jvmOptions(List<String> options) {
        return new JvmLaunch(
                mainClass, args, options, prefix, environment, log, detached, readyTimeout, stopGrace, exitTimeout);
    }

    public JvmLaunch prefix(List<String> command) {
        return new JvmLaunch(
                mainClass, args, jvmOptions, command, environment, log, detached, readyTimeout, stopGrace, exitTimeout);
    }

    public JvmLaunch environment(Map<String, String> variables) {
        return new JvmLaunch(
                mainClass, args, jvmOptions, prefix, variables, log, detached, readyTimeout, stopGrace, exitTimeout);
    }

    public JvmLaunch log(Path file) {
        return new JvmLaunch(
                mainClass, args, jvmOptions, prefix, environment, file, detached, readyTimeout, stopGrace, exitTimeout);
    }

    public JvmLaunch detach() {
        return new JvmLaunch(
                mainClass, args, jvmOptions, prefix, environment, log, true, readyTimeout, stopGrace, exitTimeout);
    }

    public JvmLaunch readyTimeout(Duration timeout) {
        return new JvmLaunch(
                mainClass, args, jvmOptions, prefix, environment, log, detached, timeout, stopGrace, exitTimeout);
    }

    public JvmLaunch stopGrace(Duration grace) {
        return new JvmLaunch(
                mainClass, args, jvmOptions, prefix, environment, log, detached, readyTimeout, grace, exitTimeout);
    }

    public JvmLaunch exitTimeout(Duration timeout) {
        return new JvmLaunch(
                mainClass, args, jvmOptions, prefix, environment, log, detached, readyTimeout, stopGrace, timeout);
    }

    /** The command line: prefix, setsid when detached, java, options, class path, main, arguments. */
    public List<String> command() throws IOException {
        List<String> command = new ArrayList<>(prefix);
        if (detached) {
            command.add(setsid());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The engine's replica store makes FFM calls (fallocate, lseek).
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Starts the process and returns at once, its pid known: a caller that keeps pid files writes
     * one now, before waiting for the ready line, so that a process is never running unrecorded.
     */
    public JvmProcess spawn() throws IOException {
        if (log == null) {
            throw new IllegalStateException("no log file for " + mainClass + ": set one with log(PATH)");
        }
        Files.createDirectories(log.getParent());
        LogTail tail = LogTail.fromEnd(log);
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return new JvmProcess(this, builder.start(), tail);
    }

    /** Starts the process and waits for its ready line; a process not ready in time is killed. */
    public JvmProcess start() throws IOException {
        JvmProcess process = spawn();
        process.awaitReady();
        return process;
    }

    /**
     * Runs a command to its end, handing each line it prints to {@code output}, and answers its exit
     * code. Should this JVM exit first (SIGTERM, Ctrl-C), the command is stopped with it: it is a
     * part of this process's work, not a process of its own.
     */
    public int run(Consumer<String> output, Duration timeout) throws IOException {
        JvmProcess process = spawn();
        Thread stopWithUs = new Thread(process::stop, "corral-stop-" + mainClass);
        Runtime.getRuntime().addShutdownHook(stopWithUs);
        try {
            return process.awaitExit(output, timeout);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopWithUs);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will: it stops the command
            }
        }
    }

    private static String setsid() throws IOException {
        List<String> dirs = new ArrayList<>(
                List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (Files.isExecutable(Path.of(dir, SETSID))) {
                return Path.of(dir, SETSID).toString();
            }
        }
        throw new IOException("setsid (util-linux) is needed to start a process in a session of its own");
    }
}
