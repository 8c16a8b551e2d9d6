package dev.corral.node.instance;

import dev.corral.api.launch.RunningProcess;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.NodeTransport;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.node.agent.InstanceLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An instance process started the way the agent starts it (a detached child JVM), with a client;
 * closing it stops the process (SIGTERM, then SIGKILL), since nothing else would.
 */
public final class LaunchedInstance implements AutoCloseable {
    public static final List<String> TEST_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final InstanceLauncher.Launched launched;
    private final NodeClient client;
    private final Path dir;

    private LaunchedInstance(InstanceLauncher.Launched launched, Path dir, NodeTransport transport) {
        this.launched = launched;
        this.client = transport.connect(launched.url());
        this.dir = dir;
    }

    public static LaunchedInstance start(Path dir, String address) throws IOException {
        return start(dir, address, Optional.empty());
    }

    /**
     * With the node's identity in {@code identityDir} (as its agent passes it on): the node API is
     * https, and {@link #client()} calls it as the node's agent does, with that identity.
     */
    public static LaunchedInstance start(Path dir, String address, Optional<Path> identityDir) throws IOException {
        NodeTransport transport = NodeTransport.of(
                ClusterIdentity.loadIf(identityDir.orElse(null)).map(ClusterIdentity::clientContext));
        return new LaunchedInstance(
                new InstanceLauncher(TEST_JVM, Duration.ofSeconds(60)).launch(dir, address, identityDir),
                dir,
                transport);
    }

    public NodeClient client() {
        return client;
    }

    public long pid() {
        return launched.pid();
    }

    public String url() {
        return launched.url();
    }

    public Path log() {
        return dir.resolve("instance.log");
    }

    public boolean alive() {
        return ProcessHandle.of(launched.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL, as a crashed node: replicas are not closed cleanly. */
    public void kill() {
        stop(launched.pid(), true);
    }

    @Override
    public void close() {
        stop(launched.pid(), false);
    }

    /** Stops the instance process with that pid, whoever started it (SIGKILL when {@code kill}). */
    public static void stop(long pid, boolean kill) {
        RunningProcess.ours(
                        pid,
                        arguments ->
                                arguments.contains(InstanceCommand.class.getName()) || arguments.contains("instance"))
                .ifPresent(process -> {
                    if (kill) {
                        process.kill();
                    } else {
                        process.stop();
                    }
                });
    }
}
