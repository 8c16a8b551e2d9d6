package dev.corral.node.it;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.NodeTransport;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.store.ConflictException;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.local.LocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real local cluster for a test: the control plane and node agents as separate processes (each
 * agent with its instance process), reached through the HTTP API like an operator would.
 */
final class ClusterFixture implements AutoCloseable {
    static final Duration SLOW = Duration.ofSeconds(120);

    final LocalCluster cluster;
    final ClusterClient api;

    private ClusterFixture(LocalCluster cluster, ClusterClient api) {
        this.cluster = cluster;
        this.api = api;
    }

    /** Starts {@code nodes} nodes and waits until all are Ready; short timers for tests. */
    static ClusterFixture start(Path dir, int nodes, long replenishWaitSeconds) throws IOException {
        LocalCluster cluster = new LocalCluster(dir);
        cluster.up(nodes);
        ClusterFixture fixture =
                new ClusterFixture(cluster, new ClusterClient(cluster.endpoint().orElseThrow()));
        fixture.settings(s -> s.withReplenishmentWait(replenishWaitSeconds).withNodeDownTimeout(6));
        fixture.awaitNodesReady(nodes);
        return fixture;
    }

    /** Starts a cluster laid out by {@link LocalCluster#initialize}, with a 6 s node-down timeout. */
    static ClusterFixture attach(LocalCluster cluster) throws IOException {
        cluster.start();
        ClusterFixture fixture =
                new ClusterFixture(cluster, new ClusterClient(cluster.endpoint().orElseThrow()));
        fixture.settings(s -> s.withNodeDownTimeout(6));
        return fixture;
    }

    /**
     * A client of a node's API as the control plane calls it: with the control plane's identity
     * when the cluster has identities (its node APIs then take only certificates of its authority).
     */
    NodeClient nodeApi(String url) throws IOException {
        Path identity = cluster.dir().resolve("control-plane").resolve("identity");
        return NodeTransport.of(ClusterIdentity.loadIf(Files.isDirectory(identity) ? identity : null)
                        .map(ClusterIdentity::clientContext))
                .connect(url);
    }

    void settings(UnaryOperator<Settings.Spec> change) {
        while (true) {
            Settings current = api.store().get(Kind.SETTINGS, Settings.NAME).orElseThrow();
            try {
                api.store().update(current.withSpec(change.apply(current.spec())));
                return;
            } catch (ConflictException raced) {
                // read again
            }
        }
    }

    void settingsWait(long replenishWaitSeconds) {
        settings(s -> s.withReplenishmentWait(replenishWaitSeconds));
    }

    void awaitNodesReady(int count) {
        Await.until(
                SLOW,
                count + " nodes ready",
                () -> api.store().list(Kind.NODE).stream().filter(Node::ready).count() == count);
    }

    Volume volume(String name) {
        return api.store().get(Kind.VOLUME, name).orElseThrow();
    }

    Engine engine(String volume) {
        return api.store().get(Kind.ENGINE, volume).orElse(null);
    }

    List<Replica> replicas(String volume) {
        return api.store().list(Kind.REPLICA).stream()
                .filter(r -> r.spec().volumeName().equals(volume))
                .toList();
    }

    Volume awaitVolume(String name, String what, Predicate<Volume> condition) {
        return api.awaitVolume(name, condition, SLOW, what);
    }

    static boolean healthy(Volume v) {
        return v.status().robustness() == Volume.Robustness.HEALTHY;
    }

    static boolean attachedHealthy(Volume v) {
        return v.status().state() == Volume.State.ATTACHED && healthy(v);
    }

    /** Writes {@code bytes} of seeded random data at offset 0 through NBD; answers its sha256. */
    static String writeRandom(Path work, String uri, long bytes, long seed) throws IOException {
        Path file = work.resolve("data-" + seed + ".bin");
        try (var out = Files.newOutputStream(file)) {
            appendRandom(out, bytes, seed);
        }
        return write(uri, file);
    }

    /**
     * Writes the data of {@code earlierSeed} again with its last {@code changed} bytes replaced by
     * new random data: only that tail differs from what the volume held.
     */
    static String rewriteTail(Path work, String uri, long bytes, long earlierSeed, long changed, long seed)
            throws IOException {
        Path file = work.resolve("data-" + earlierSeed + "-" + seed + ".bin");
        try (var out = Files.newOutputStream(file);
                var in = Files.newInputStream(work.resolve("data-" + earlierSeed + ".bin"))) {
            out.write(in.readNBytes((int) (bytes - changed)));
            appendRandom(out, changed, seed);
        }
        return write(uri, file);
    }

    private static void appendRandom(OutputStream out, long bytes, long seed) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(seed);
        for (long done = 0; done < bytes; done += chunk.length) {
            random.nextBytes(chunk);
            out.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
        }
    }

    private static String write(String uri, Path file) {
        ExternalCommand.run(Duration.ofSeconds(120), "nbdcopy", file.toString(), uri);
        return sha256(file);
    }

    /** The sha256 of the first {@code bytes} of the export, read through NBD. */
    static String readBack(Path work, String uri, long bytes) throws IOException {
        Path file = work.resolve("readback.bin");
        Files.deleteIfExists(file);
        ExternalCommand.run(Duration.ofSeconds(120), "nbdcopy", uri, file.toString());
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(bytes);
        }
        return sha256(file);
    }

    static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        api.close();
        cluster.down();
    }
}
