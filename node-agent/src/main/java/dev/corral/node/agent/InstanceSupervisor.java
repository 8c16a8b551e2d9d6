package dev.corral.node.agent;

import dev.corral.api.launch.RunningProcess;
import dev.corral.api.node.NodeCallException;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.NodeTransport;
import dev.corral.node.instance.InstanceFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's instance process running. At start the agent adopts the instance that {@code
 * instance.json} names when that process is alive and answers its health check with its pid (a
 * restarted agent must not start a second instance beside the one serving the volumes); otherwise
 * it starts one. Later it notices when the process is gone and starts a new one.
 */
final class InstanceSupervisor {
    private static final Logger log = LoggerFactory.getLogger(InstanceSupervisor.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final int HEALTH_ATTEMPTS = 3;

    private final Path instanceDir;
    private final String address;
    private final Optional<NodeIdentity> identity;
    private final NodeTransport transport;
    private final InstanceLauncher launcher;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private volatile InstanceConnection current;
    private long generations; // guarded by this
    private Duration backoff = Duration.ZERO; // guarded by this
    private long lastLaunchNanos; // guarded by this

    /**
     * @param firstBackoff the wait before starting an instance again after the first one died
     * @param maxBackoff the longest such wait: it doubles while instances keep dying
     */
    InstanceSupervisor(
            Path instanceDir,
            String address,
            Optional<NodeIdentity> identity,
            InstanceLauncher launcher,
            Duration firstBackoff,
            Duration maxBackoff) {
        this.instanceDir = instanceDir;
        this.address = address;
        this.identity = identity;
        this.transport = NodeIdentity.transport(identity);
        this.launcher = launcher;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The instance in use, or null before the first one is up. */
    InstanceConnection current() {
        return current;
    }

    /** The running instance: the current one while its process lives, else an adopted or new one. */
    synchronized InstanceConnection ensure() throws IOException {
        InstanceConnection connection = current;
        if (connection != null && connection.alive()) {
            return connection;
        }
        if (connection != null) {
            log.warn("instance process {} is gone; starting a new one", connection.pid());
        }
        connection = adopt().orElse(null);
        if (connection == null) {
            awaitBackoff();
            InstanceLauncher.Launched launched = launcher.launch(instanceDir, address, identity.map(NodeIdentity::dir));
            ProcessHandle process = ProcessHandle.of(launched.pid())
                    .orElseThrow(() -> new IOException("instance process " + launched.pid() + " exited at once"));
            connection = new InstanceConnection(++generations, process, transport.connect(launched.url()));
            log.info("started instance process {} at {}", launched.pid(), launched.url());
        }
        current = connection;
        return connection;
    }

    /**
     * An instance process that keeps dying (a broken disk, a port taken, a node being torn down) is
     * started again at growing intervals, not at every heartbeat: the wait doubles from the first
     * backoff up to the longest, and starts over once an instance lived longer than that.
     */
    private void awaitBackoff() throws IOException {
        long now = System.nanoTime();
        if (lastLaunchNanos != 0) {
            Duration since = Duration.ofNanos(now - lastLaunchNanos);
            if (since.compareTo(backoff) < 0) {
                throw new IOException("the instance process died again; next start in " + backoff.minus(since));
            }
            backoff = since.compareTo(maxBackoff.multipliedBy(2)) > 0
                    ? firstBackoff
                    : backoff.isZero() ? firstBackoff : min(backoff.multipliedBy(2), maxBackoff);
        }
        lastLaunchNanos = now;
    }

    /**
     * A health check's answer includes reaching the node: over TLS a new agent's first handshake
     * may take longer than the check itself, and a live instance must not be taken for a hung one.
     */
    private Duration healthTimeout() {
        Duration reach = transport.connectTimeout();
        return reach.compareTo(HEALTH_TIMEOUT) > 0 ? reach : HEALTH_TIMEOUT;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private Optional<InstanceConnection> adopt() throws IOException {
        Optional<InstanceFile> file = InstanceFile.read(InstanceFile.in(instanceDir));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(file.get().pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.empty();
        }
        Optional<RunningProcess> recorded = RunningProcess.ours(
                file.get().pid(),
                arguments -> InstanceLauncher.isInstanceOf(file.get().pid(), instanceDir));
        if (!file.get().url().startsWith(transport.tls() ? "https://" : "http://")) {
            // Started before the node had an identity (or with one this agent lacks): this agent
            // cannot call it, and must not leave it serving in plain text. It holds the instance
            // lock, so it is stopped (cleanly: it is not hung) before a new one starts.
            log.warn(
                    "instance process {} serves {}, but this agent {}; replacing it",
                    file.get().pid(),
                    file.get().url(),
                    transport.tls() ? "calls its node over mutual TLS" : "has no identity");
            try {
                recorded.ifPresent(RunningProcess::stop);
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            return Optional.empty();
        }
        NodeClient client = transport.connect(file.get().url());
        for (int attempt = 0; attempt < HEALTH_ATTEMPTS; attempt++) {
            try {
                if (client.health(healthTimeout()).pid() == file.get().pid()) {
                    log.info(
                            "adopted instance process {} at {}",
                            file.get().pid(),
                            file.get().url());
                    return Optional.of(new InstanceConnection(++generations, process.get(), client));
                }
                break; // another process answers at that URL: the recorded instance is not serving
            } catch (NodeCallException e) {
                sleep(Duration.ofSeconds(1));
            }
        }
        if (recorded.isPresent()) {
            // Alive but silent: hung. It holds the instance lock, so a new one could not start
            // beside it; its volumes are not being served anyway.
            log.warn(
                    "instance process {} does not answer at {}; killing it",
                    file.get().pid(),
                    file.get().url());
            try {
                recorded.get().kill();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
