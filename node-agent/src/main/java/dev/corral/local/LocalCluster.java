package dev.corral.local;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.launch.JvmLaunch;
import dev.corral.api.launch.JvmProcess;
import dev.corral.api.launch.RunningProcess;
import dev.corral.api.local.ClusterFile;
import dev.corral.api.local.LocalNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Settings;
import dev.corral.api.store.ConflictException;
import dev.corral.api.v1.Credentials;
import dev.corral.engine.util.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A whole cluster on one machine: the control plane and N node agents as separate processes on
 * loopback, each node with its own data directory under DIR and its own address (127.0.1.N), so
 * that a node can be killed with SIGKILL and started again like a real one. Every operation reads
 * DIR again: the commands that use it run as separate CLI invocations. Its file format is {@link
 * ClusterFile}'s; each process has a pid file beside its log, written as soon as it is spawned, and
 * is otherwise found by its command line ({@link LocalProcess}).
 */
public final class LocalCluster {
    /**
     * @param ready how long a started process may take to print its ready line
     * @param stopGrace how long a process may take to exit after SIGTERM before it is SIGKILLed
     * @param starterGrace the same for a command that is starting processes: it stops those first
     * @param startLockWait how long a start waits while another command is starting the cluster
     * @param agentWithoutControlPlane how long an agent runs on without an answer from the control
     *     plane before it exits with its instance process: a local control plane that is gone that
     *     long was stopped, and nothing else would stop the nodes
     */
    public record Timeouts(
            Duration ready,
            Duration stopGrace,
            Duration starterGrace,
            Duration startLockWait,
            Duration agentWithoutControlPlane) {
        public static final Timeouts DEFAULT = new Timeouts(
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofMinutes(3),
                Duration.ofMinutes(5));
    }

    private final Path dir;
    private final Timeouts timeouts;
    private final LocalProcesses processes;
    private final LocalIdentities identities;

    public LocalCluster(Path dir) {
        this(dir, Timeouts.DEFAULT);
    }

    public LocalCluster(Path dir, Timeouts timeouts) {
        this.dir = dir.toAbsolutePath().normalize();
        this.timeouts = timeouts;
        this.processes = new LocalProcesses(this.dir, timeouts);
        this.identities = new LocalIdentities(this.dir);
    }

    public Path dir() {
        return dir;
    }

    /** The API URL, once the cluster has been brought up. */
    public Optional<String> url() throws IOException {
        return ClusterFile.read(dir).map(ClusterFile::url);
    }

    public Path credentialsFile() {
        return ClusterFile.credentials(dir);
    }

    /** Where the CLI and the console reach this cluster's API, with its credentials. */
    public Optional<ApiEndpoint> endpoint() throws IOException {
        return ClusterFile.endpoint(dir);
    }

    /**
     * Starts what is not running: the control plane, then {@code nodes} agents (node-1..N). A
     * cluster that is already up is left as it is (nodes are added with {@link #addNode}).
     */
    public void up(int nodes) throws IOException {
        up(nodes, line -> {});
    }

    /** {@link #up(int)}, telling {@code progress} each process it starts. */
    public void up(int nodes, Consumer<String> progress) throws IOException {
        try (StartRun run = begin()) {
            if (ClusterFile.read(dir).isEmpty()) {
                List<LocalNode> entries = new ArrayList<>();
                for (int i = 1; i <= nodes; i++) {
                    entries.add(LocalNode.loopback(i));
                }
                initialize("127.0.0.1:" + freePort("127.0.0.1"), entries);
            }
            start(run, progress);
        }
    }

    /**
     * Lays out a new cluster whose nodes have the given addresses and, optionally, network
     * namespaces (the multi-host test runs each node in its own); nothing is started.
     */
    public void initialize(String controlPlaneListen, List<LocalNode> nodes) throws IOException {
        if (ClusterFile.read(dir).isPresent()) {
            throw new IllegalStateException("a cluster already exists in " + dir);
        }
        Files.createDirectories(dir);
        if (!Files.exists(credentialsFile())) {
            Credentials.generate("admin").writeNew(credentialsFile());
        }
        new ClusterFile(controlPlaneListen, nodes, true).write(dir);
    }

    /** Starts the control plane and every node that is not running. */
    public void start() throws IOException {
        try (StartRun run = begin()) {
            start(run, line -> {});
        }
    }

    private void start(StartRun run, Consumer<String> progress) throws IOException {
        ClusterFile file = required();
        startControlPlane(run, progress);
        applyLocalSettings();
        // Agents start at once: each is a JVM start and a registration, mostly waiting.
        try (ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            for (LocalNode node : file.nodes()) {
                pending.add(starts.submit(() -> {
                    startNode(run, node.name(), progress);
                    return null;
                }));
            }
            for (Future<?> start : pending) {
                try {
                    start.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting the nodes", e);
                }
            }
        }
    }

    /** Starts the control plane unless it runs. */
    public void startControlPlane() throws IOException {
        try (StartRun run = begin()) {
            startControlPlane(run, line -> {});
        }
    }

    private void startControlPlane(StartRun run, Consumer<String> progress) throws IOException {
        ClusterFile file = required();
        if (processes.running(LocalProcess.Role.CONTROL_PLANE, null).isPresent()) {
            return;
        }
        Path home = controlPlaneDir();
        List<String> args = new ArrayList<>(List.of(
                "control-plane",
                "--dir",
                home.toString(),
                "--listen",
                file.controlPlaneListen(),
                "--credentials",
                credentialsFile().toString()));
        if (file.tls()) {
            identities.ensureControlPlane(
                    HostPort.parse(file.controlPlaneListen()).host());
            args.addAll(List.of("--identity", identities.controlPlane().toString()));
        }
        JvmProcess process = run.spawn(
                launch(LocalProcess.CONTROL_PLANE_MAIN, home.resolve("control-plane.log"))
                        .args(args),
                processes.pidFile(LocalProcess.Role.CONTROL_PLANE, null),
                LocalProcess.Role.CONTROL_PLANE,
                null);
        progress.accept("control plane: starting (pid " + process.pid() + ")");
        process.awaitReady();
        progress.accept("control plane: serves " + file.url());
    }

    /**
     * Once per cluster: the nodes of a local cluster share one filesystem, so each node reserves
     * nothing of it (the agents are told so) and 10 % must stay free instead of Longhorn's 25 %;
     * otherwise a machine whose disk is three quarters full could place no replica at all.
     */
    private void applyLocalSettings() throws IOException {
        Path marker = controlPlaneDir().resolve("local-settings-applied");
        if (Files.exists(marker)) {
            return;
        }
        try (ClusterClient api = new ClusterClient(endpoint().orElseThrow())) {
            while (true) {
                Settings current = api.store().get(Kind.SETTINGS, Settings.NAME).orElseThrow();
                try {
                    api.store().update(current.withSpec(current.spec().withMinimalAvailablePercentage(10)));
                    break;
                } catch (ConflictException raced) {
                    // read again
                }
            }
        }
        Files.writeString(marker, "storageMinimalAvailablePercentage=10\n");
    }

    /** Starts a node's agent unless it runs; the agent starts or re-adopts the instance process. */
    public void startNode(String name) throws IOException {
        try (StartRun run = begin()) {
            startNode(run, name, line -> {});
        }
    }

    private void startNode(StartRun run, String name, Consumer<String> progress) throws IOException {
        ClusterFile file = required();
        LocalNode node = file.node(name)
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + dir + "; nodes: "
                        + file.nodes().stream().map(LocalNode::name).toList()));
        if (processes.running(LocalProcess.Role.AGENT, name).isPresent()) {
            return;
        }
        Path nodeDir = nodeDir(name);
        List<String> args = new ArrayList<>(List.of(
                "agent",
                "--node",
                name,
                "--dir",
                nodeDir.toString(),
                "--address",
                node.address(),
                "--control-plane",
                file.url(),
                "--disk-reserved-percent",
                "0",
                "--exit-without-control-plane",
                timeouts.agentWithoutControlPlane().toString()));
        if (file.tls()) {
            // The node's own certificate, not the admin's password: it may act on its node alone.
            identities.ensureNode(node);
            args.addAll(List.of("--identity", identities.node(name).toString()));
        } else {
            args.addAll(List.of("--credentials", credentialsFile().toString()));
        }
        JvmProcess agent = run.spawn(
                launch(LocalProcess.NODE_MAIN, nodeDir.resolve("agent.log"))
                        .prefix(node.netns() == null ? List.of() : List.of("ip", "netns", "exec", node.netns()))
                        .args(args),
                processes.pidFile(LocalProcess.Role.AGENT, name),
                LocalProcess.Role.AGENT,
                name);
        progress.accept(name + ": agent starting (pid " + agent.pid() + ")");
        agent.awaitReady();
        progress.accept(
                name + ": ready at " + node.address() + " (instance process pid " + agent.ready("instancePid") + ")");
    }

    /** Adds node-(N+1) and starts it; answers its name. */
    public String addNode() throws IOException {
        try (StartRun run = begin()) {
            ClusterFile file = required();
            int next = file.nodes().size() + 1;
            String name = "node-" + next;
            file.withNode(LocalNode.loopback(next)).write(dir);
            startNode(run, name, line -> {});
            return name;
        }
    }

    /** SIGKILL of the node's agent and instance process: the node is gone, as if powered off. */
    public void killNode(String name) throws IOException {
        required().node(name).orElseThrow(() -> new IllegalArgumentException("no node " + name));
        processes.killNode(name);
    }

    /** SIGKILL of the control plane alone (the nodes and their volumes keep running). */
    public void killControlPlane() {
        processes.running(LocalProcess.Role.CONTROL_PLANE, null).ifPresent(RunningProcess::kill);
    }

    /** SIGKILL of a node's agent alone: its instance process, and so its volumes, keep serving. */
    public void killAgent(String name) {
        processes.running(LocalProcess.Role.AGENT, name).ifPresent(RunningProcess::kill);
    }

    /**
     * Stops every process of the cluster, found by their command lines (a pid file may be missing):
     * first a command still starting processes, then the agents (so that none starts its instance
     * process again), the instance processes, and the control plane; SIGTERM, then SIGKILL after the
     * stop grace. The data stays in DIR.
     */
    public void down() throws IOException {
        processes.down();
    }

    /** Each process of the cluster and whether it runs, for `local status`. */
    public List<ProcessState> processes() throws IOException {
        ClusterFile file = required();
        List<LocalProcess> all = processes.all();
        List<ProcessState> out = new ArrayList<>();
        out.add(state("control-plane", all, LocalProcess.Role.CONTROL_PLANE, null));
        for (LocalNode node : file.nodes()) {
            out.add(state(node.name() + " agent", all, LocalProcess.Role.AGENT, node.name()));
            out.add(state(node.name() + " instance", all, LocalProcess.Role.INSTANCE, node.name()));
        }
        return out;
    }

    private ProcessState state(String name, List<LocalProcess> all, LocalProcess.Role role, String node) {
        Optional<Long> pid = processes.pidOf(role, node, all);
        return new ProcessState(name, pid.orElse(0L), pid.isPresent());
    }

    public record ProcessState(String name, long pid, boolean running) {}

    public List<String> nodeNames() throws IOException {
        return required().nodes().stream().map(LocalNode::name).toList();
    }

    public String nodeAddress(String name) throws IOException {
        return required().node(name).orElseThrow().address();
    }

    Path nodeDir(String name) {
        return processes.nodeDir(name);
    }

    private Path controlPlaneDir() {
        return dir.resolve("control-plane");
    }

    private StartRun begin() throws IOException {
        return StartRun.begin(dir, processes::stop, timeouts.startLockWait());
    }

    private JvmLaunch launch(String main, Path log) {
        return JvmLaunch.of(main)
                .jvmOptions(JvmLaunch.LIGHT_JVM)
                .log(log)
                .detach()
                .readyTimeout(timeouts.ready())
                .stopGrace(timeouts.stopGrace());
    }

    private ClusterFile required() throws IOException {
        return ClusterFile.read(dir)
                .orElseThrow(() -> new IllegalStateException(
                        "no local cluster in " + dir + ": run `corral local up --dir " + dir + "` first"));
    }

    /** A port free now on {@code host}, for an address that must stay the same across restarts. */
    public static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }
}
