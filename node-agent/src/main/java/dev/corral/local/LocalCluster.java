package dev.corral.local;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Settings;
import dev.corral.api.store.ConflictException;
import dev.corral.api.v1.Credentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A whole cluster on one machine: the control plane and N node agents as separate processes on
 * loopback, each node with its own data directory under DIR and its own address (127.0.1.N), so
 * that a node can be killed with SIGKILL and started again like a real one. Every operation reads
 * DIR again: the commands that use it run as separate CLI invocations.
 */
public final class LocalCluster {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String CREDENTIALS = "credentials";

    private final Path dir;

    public LocalCluster(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    /** The API URL, once the cluster has been brought up. */
    public Optional<String> url() throws IOException {
        return ClusterFile.read(dir).map(ClusterFile::url);
    }

    public Path credentialsFile() {
        return dir.resolve(CREDENTIALS);
    }

    /** Where the CLI and the console reach this cluster's API, with its credentials. */
    public Optional<ApiEndpoint> endpoint() throws IOException {
        Optional<String> url = url();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ApiEndpoint.of(url.get()).withCredentials(Credentials.load(credentialsFile())));
    }

    /**
     * Starts what is not running: the control plane, then {@code nodes} agents (node-1..N). A
     * cluster that is already up is left as it is (nodes are added with {@link #addNode}).
     */
    public void up(int nodes) throws IOException {
        if (ClusterFile.read(dir).isEmpty()) {
            List<LocalNode> entries = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                entries.add(LocalNode.loopback(i));
            }
            initialize("127.0.0.1:" + freePort("127.0.0.1"), entries);
        }
        start();
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
        new ClusterFile(controlPlaneListen, nodes).write(dir);
    }

    /** Starts the control plane and every node that is not running. */
    public void start() throws IOException {
        ClusterFile file = required();
        startControlPlane();
        applyLocalSettings();
        // Agents start at once: each is a JVM start and a registration, mostly waiting.
        try (ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            for (LocalNode node : file.nodes()) {
                pending.add(starts.submit(() -> {
                    startNode(node.name());
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
        ClusterFile file = required();
        Path pidFile = dir.resolve("control-plane").resolve("pid");
        if (runningPid(pidFile).isPresent()) {
            return;
        }
        Map<String, String> ready = DetachedProcess.start(
                dir.resolve("control-plane").resolve("control-plane.log"),
                List.of(),
                DetachedProcess.LIGHT_JVM,
                DetachedProcess.CONTROL_PLANE_MAIN,
                List.of(
                        "control-plane",
                        "--dir",
                        dir.resolve("control-plane").toString(),
                        "--listen",
                        file.controlPlaneListen(),
                        "--credentials",
                        credentialsFile().toString()),
                READY_TIMEOUT);
        Files.writeString(pidFile, ready.get("pid"));
    }

    /**
     * Once per cluster: the nodes of a local cluster share one filesystem, so each node reserves
     * nothing of it (the agents are told so) and 10 % must stay free instead of Longhorn's 25 %;
     * otherwise a machine whose disk is three quarters full could place no replica at all.
     */
    private void applyLocalSettings() throws IOException {
        Path marker = dir.resolve("control-plane").resolve("local-settings-applied");
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
        ClusterFile file = required();
        LocalNode node = file.node(name)
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + dir + "; nodes: "
                        + file.nodes().stream().map(LocalNode::name).toList()));
        Path nodeDir = nodeDir(name);
        if (runningPid(nodeDir.resolve("agent.pid")).isPresent()) {
            return;
        }
        Map<String, String> ready = DetachedProcess.start(
                nodeDir.resolve("agent.log"),
                node.netns() == null ? List.of() : List.of("ip", "netns", "exec", node.netns()),
                DetachedProcess.LIGHT_JVM,
                DetachedProcess.NODE_MAIN,
                List.of(
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
                        "--credentials",
                        credentialsFile().toString()),
                READY_TIMEOUT);
        Files.writeString(nodeDir.resolve("agent.pid"), ready.get("pid"));
    }

    /** Adds node-(N+1) and starts it; answers its name. */
    public String addNode() throws IOException {
        ClusterFile file = required();
        int next = file.nodes().size() + 1;
        String name = "node-" + next;
        file.withNode(LocalNode.loopback(next)).write(dir);
        startNode(name);
        return name;
    }

    /** SIGKILL of the node's agent and instance process: the node is gone, as if powered off. */
    public void killNode(String name) throws IOException {
        required().node(name).orElseThrow(() -> new IllegalArgumentException("no node " + name));
        for (long pid : nodePids(name)) {
            DetachedProcess.stop(pid, true, Duration.ofSeconds(10));
        }
    }

    /** SIGKILL of the control plane alone (the nodes and their volumes keep running). */
    public void killControlPlane() throws IOException {
        Optional<Long> pid = runningPid(dir.resolve("control-plane").resolve("pid"));
        if (pid.isPresent()) {
            DetachedProcess.stop(pid.get(), true, Duration.ofSeconds(10));
        }
    }

    /** SIGKILL of a node's agent alone: its instance process, and so its volumes, keep serving. */
    public void killAgent(String name) throws IOException {
        Optional<Long> pid = runningPid(nodeDir(name).resolve("agent.pid"));
        if (pid.isPresent()) {
            DetachedProcess.stop(pid.get(), true, Duration.ofSeconds(10));
        }
    }

    /** Stops every process of the cluster (SIGTERM, then SIGKILL after 10 s); data stays in DIR. */
    public void down() throws IOException {
        ClusterFile file = ClusterFile.read(dir).orElse(null);
        if (file == null) {
            return;
        }
        for (LocalNode node : file.nodes()) {
            for (long pid : nodePids(node.name())) {
                DetachedProcess.stop(pid, false, Duration.ofSeconds(10));
            }
        }
        killControlPlane();
    }

    /** Each process of the cluster and whether it runs, for `local status`. */
    public List<ProcessState> processes() throws IOException {
        ClusterFile file = required();
        List<ProcessState> out = new ArrayList<>();
        out.add(state("control-plane", dir.resolve("control-plane").resolve("pid")));
        for (LocalNode node : file.nodes()) {
            out.add(state(node.name() + " agent", nodeDir(node.name()).resolve("agent.pid")));
            out.add(new ProcessState(
                    node.name() + " instance",
                    instancePid(node.name()).orElse(0L),
                    instancePid(node.name()).isPresent()));
        }
        return out;
    }

    public record ProcessState(String name, long pid, boolean running) {}

    public List<String> nodeNames() throws IOException {
        return required().nodes().stream().map(LocalNode::name).toList();
    }

    public String nodeAddress(String name) throws IOException {
        return required().node(name).orElseThrow().address();
    }

    Path nodeDir(String name) {
        return dir.resolve("nodes").resolve(name);
    }

    private List<Long> nodePids(String name) throws IOException {
        List<Long> pids = new ArrayList<>();
        runningPid(nodeDir(name).resolve("agent.pid")).ifPresent(pids::add);
        instancePid(name).ifPresent(pids::add);
        return pids;
    }

    /** The instance process's pid, from the file it writes when it serves. */
    private Optional<Long> instancePid(String name) throws IOException {
        Path file = nodeDir(name).resolve("instance").resolve("instance.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        long pid = dev.corral.api.model.ResourceJson.mapper()
                .readTree(file.toFile())
                .path("pid")
                .asLong(0);
        return pid > 0 && DetachedProcess.alive(pid) ? Optional.of(pid) : Optional.empty();
    }

    private ProcessState state(String name, Path pidFile) throws IOException {
        Optional<Long> pid = runningPid(pidFile);
        return new ProcessState(name, pid.orElse(0L), pid.isPresent());
    }

    private static Optional<Long> runningPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return DetachedProcess.alive(pid) ? Optional.of(pid) : Optional.empty();
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
