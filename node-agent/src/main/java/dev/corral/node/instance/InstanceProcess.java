package dev.corral.node.instance;

import dev.corral.api.launch.ReadyLine;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.cli.ReplicaPeers;
import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of a node's instance process: one event loop group, one Vert.x and one worker
 * pool shared by every replica server and engine it will host, the instance API, the ready line and
 * {@code DIR/instance.json}. {@code DIR/instance.lock} keeps a second instance off the same
 * directory (it would open the same replicas).
 */
final class InstanceProcess {
    private static final Logger log = LoggerFactory.getLogger(InstanceProcess.class);

    private InstanceProcess() {}

    /** @param identity the node's identity; without one the API is plain http on loopback only */
    record Settings(
            Path dir,
            String address,
            int port,
            Optional<ClusterIdentity> identity,
            ReplicaPeers.Encryption replicaEncryption) {
        Settings(Path dir, String address, int port, Optional<ClusterIdentity> identity) {
            this(dir, address, port, identity, ReplicaPeers.Encryption.NONE);
        }
    }

    static int run(Settings s) throws Exception {
        // Before anything is opened or locked: a refused start leaves nothing behind.
        InstanceListener.check(s.address(), s.identity());
        Path dir = s.dir().toAbsolutePath();
        Files.createDirectories(dir);
        FileChannel lockFile =
                FileChannel.open(dir.resolve("instance.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            lockFile.close();
            throw new IOException("another instance process serves " + dir + " (see " + InstanceFile.in(dir) + ")");
        }

        EventLoopGroup loops =
                NettyTransport.newEventLoopGroup(Runtime.getRuntime().availableProcessors(), "corral-io");
        // Vert.x serves only control traffic (the node's API): one event loop is plenty, and its
        // blocked-thread checker need not wake every second.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        ExecutorService workers = Executors.newCachedThreadPool(new DefaultThreadFactory("corral-instance-work", true));
        SharedIo io = new SharedIo(s.address(), loops, vertx, workers);
        ReplicaSecurity security = new ReplicaSecurity(s.identity(), s.replicaEncryption());
        ReplicaHost replicas = new ReplicaHost(io, security);
        EngineHost engines = new EngineHost(io, new ExportSockets(dir.resolve("nbd")), security);
        InstanceApi api = InstanceApi.start(
                        vertx,
                        new HostPort(s.address(), s.port()),
                        s.identity(),
                        HttpTimeouts.DEFAULT,
                        replicas,
                        engines)
                .join();
        String url = InstanceListener.scheme(s.identity()) + "://" + new HostPort(s.address(), api.port());
        long pid = ProcessHandle.current().pid();
        new InstanceFile(pid, url).write(InstanceFile.in(dir));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                api.close();
                engines.closeAll(); // engines first: they are the replicas' clients
                replicas.closeAll();
                if (InstanceFile.read(InstanceFile.in(dir))
                        .filter(f -> f.pid() == pid)
                        .isPresent()) {
                    Files.deleteIfExists(InstanceFile.in(dir));
                }
                lock.release();
                lockFile.close();
            } catch (IOException | RuntimeException e) {
                log.warn("instance shutdown: {}", e.toString());
            } finally {
                workers.shutdown();
                loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                vertx.close();
                stopped.countDown();
            }
        }));
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("pid", Long.toString(pid));
        ready.put("role", "instance");
        ready.put("url", url);
        ready.put("dir", dir.toString());
        System.out.println(ReadyLine.format(ready));
        System.out.flush();
        log.info(
                "instance process {} serves {} on {}{}",
                pid,
                dir,
                url,
                s.identity().map(id -> " as " + id.principal()).orElse(""));
        stopped.await();
        return 0;
    }
}
