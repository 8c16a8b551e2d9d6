package dev.corral.engine.cli;

import dev.corral.api.launch.ReadyLine;
import dev.corral.engine.control.ControlApi;
import dev.corral.engine.control.EngineControl;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.nbd.ExportRegistry;
import dev.corral.engine.nbd.NbdServer;
import dev.corral.engine.nbd.NbdServerConfig;
import dev.corral.engine.replica.ReplicaConnection;
import dev.corral.engine.replica.auth.PeerAuthentication;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.util.HostPort;
import dev.corral.engine.util.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of a controller process: replica clients, the volume controller over them, the
 * NBD server in front and the control API beside it.
 */
final class ControllerProcess {
    private static final Logger log = LoggerFactory.getLogger(ControllerProcess.class);

    private ControllerProcess() {}

    record Settings(
            String volume,
            long size,
            List<HostPort> replicas,
            HostPort nbd,
            HostPort listen,
            Duration replicaTimeout,
            Duration pingInterval,
            PeerAuthentication authentication) {}

    static int run(Settings s) throws Exception {
        // One group for NBD connections and replica clients: a request's replica round trips run
        // on the thread that decoded it (see ReplicaClient), with no hand-off in between.
        EventLoopGroup loops =
                NettyTransport.newEventLoopGroup(Runtime.getRuntime().availableProcessors(), "corral-io");
        ReplicaClientConfig clientConfig = ReplicaClientConfig.DEFAULT
                .withRequestTimeout(s.replicaTimeout())
                .withPingInterval(s.pingInterval())
                .withAuthentication(s.authentication());
        VolumeController volume = VolumeController.open(
                        s.volume(),
                        s.size(),
                        s.replicas().stream().map(HostPort::toString).toList(),
                        address -> ReplicaClient.connect(address, clientConfig, loops)
                                .thenApply(client -> (ReplicaConnection) client))
                .join();
        volume.replicas()
                .forEach(r -> log.info(
                        "volume {}: replica {} {}{}",
                        s.volume(),
                        r.address(),
                        r.mode(),
                        r.failureReason() == null ? "" : " (" + r.failureReason() + ")"));
        loops.scheduleAtFixedRate(volume.stats()::tick, 1, 1, TimeUnit.SECONDS);

        NbdServer nbd = NbdServer.startOn(
                NbdServerConfig.defaults(s.nbd().toSocketAddress()),
                ExportRegistry.of(Map.of(s.volume(), volume)),
                loops);
        String nbdUri = "nbd://" + reachable(HostPort.of(nbd.localAddress())) + "/" + s.volume();
        Vertx vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        ControlApi api = ControlApi.start(vertx, s.listen(), new EngineControl(volume, nbdUri, nbd::connectionCount))
                .join();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            nbd.close();
            volume.close();
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            vertx.close();
            stopped.countDown();
        }));
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ready.put("role", "controller");
        ready.put("nbd", nbdUri);
        ready.put("control", "http://" + reachable(new HostPort(s.listen().host(), api.port())));
        ready.put("replica-authentication", ReplicaProcess.describe(s.authentication()));
        System.out.println(ReadyLine.format(ready));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** A wildcard bind address is not something a client can dial: name loopback instead. */
    private static HostPort reachable(HostPort bound) {
        return switch (bound.host()) {
            case "0.0.0.0", "::", "0:0:0:0:0:0:0:0" -> new HostPort("127.0.0.1", bound.port());
            default -> bound;
        };
    }
}
