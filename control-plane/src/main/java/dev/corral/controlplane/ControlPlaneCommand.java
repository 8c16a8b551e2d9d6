package dev.corral.controlplane;

import dev.corral.api.launch.ReadyLine;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.v1.Credentials;
import dev.corral.controlplane.scheduler.DefaultReplicaScheduler;
import dev.corral.controlplane.server.ApiConfig;
import dev.corral.controlplane.server.ApiServer;
import dev.corral.controlplane.server.TrustedProxies;
import dev.corral.controlplane.store.SqliteStore;
import dev.corral.engine.util.HostPort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code corral control-plane}: composition root of the control plane process: the store on its
 * SQLite file, the reconcile loops over it and the HTTP API in front.
 */
@Command(
        name = "control-plane",
        description = "Run the control plane: store, scheduler, volume life cycle, failure handling, API.",
        mixinStandardHelpOptions = true)
public final class ControlPlaneCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Where the state database lives.")
    Path dir;

    @Option(
            names = "--listen",
            defaultValue = "127.0.0.1:9500",
            description = "API address (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--credentials", description = "File with one user:password line; the API then requires it.")
    Path credentials;

    @Option(
            names = "--identity",
            paramLabel = "DIR",
            description = "The control plane's identity (DIR/identity.key, identity.crt, ca.crt): the API is"
                    + " then served over https with it and takes client certificates of the cluster's authority"
                    + " (node agents, scoped to their node) beside --credentials, and it is what the control"
                    + " plane presents to nodes' APIs.")
    Path identity;

    @Option(
            names = "--trusted-proxy",
            paramLabel = "IP|CIDR",
            description = "A reverse proxy whose X-Forwarded-* headers are believed (repeatable); from any"
                    + " other peer they are ignored.")
    List<String> trustedProxies = List.of();

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        SqliteStore store = SqliteStore.open(dir.resolve("state.db"));
        ControlPlane controlPlane = new ControlPlane(store, new DefaultReplicaScheduler(), Clock.systemUTC()).start();
        // The API is light: one event loop, and blocking store calls on one small worker pool.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        Optional<Credentials> users =
                credentials == null ? Optional.empty() : Optional.of(Credentials.load(credentials));
        Optional<ClusterIdentity> tls = ClusterIdentity.loadIf(identity);
        ApiConfig config = new ApiConfig(HostPort.parse(listen), users, new TrustedProxies(trustedProxies));
        ApiServer api = ApiServer.start(vertx, tls.map(config::withTls).orElse(config), store)
                .join();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            controlPlane.close();
            vertx.close();
            store.close();
            stopped.countDown();
        }));
        HostPort bound = HostPort.parse(listen);
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ready.put("role", "control-plane");
        ready.put("url", (tls.isPresent() ? "https://" : "http://") + bound.host() + ":" + api.port());
        System.out.println(ReadyLine.format(ready));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
