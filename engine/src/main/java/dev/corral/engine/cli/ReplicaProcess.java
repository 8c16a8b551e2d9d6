package dev.corral.engine.cli;

import dev.corral.api.launch.ReadyLine;
import dev.corral.engine.replica.auth.PeerAuthentication;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.replica.server.ReplicaServerConfig;
import dev.corral.engine.replica.store.LayeredReplicaStore;
import dev.corral.engine.util.HostPort;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of a replica process: the store, the server over it, a clean shutdown. */
final class ReplicaProcess {
    private static final Logger log = LoggerFactory.getLogger(ReplicaProcess.class);

    private ReplicaProcess() {}

    record Settings(Path dir, HostPort listen, long size, boolean revisionCounter, PeerAuthentication authentication) {}

    static int run(Settings settings) throws Exception {
        LayeredReplicaStore store =
                LayeredReplicaStore.openOrCreate(settings.dir(), settings.size(), settings.revisionCounter());
        ReplicaServer server;
        try {
            server = ReplicaServer.start(
                    store,
                    settings.listen().toSocketAddress(),
                    ReplicaServerConfig.DEFAULT.withAuthentication(settings.authentication()));
        } catch (Exception e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                store.close(); // a clean close clears the dirty flag
            } catch (Exception e) {
                log.warn("replica shutdown: {}", e.toString());
            }
            stopped.countDown();
        }));
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ready.put("role", "replica");
        ready.put("address", HostPort.of(server.address()).toString());
        ready.put("dir", settings.dir().toAbsolutePath().toString());
        ready.put("authentication", describe(settings.authentication()));
        System.out.println(ReadyLine.format(ready));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** For the ready line: what a client must do to be served. */
    static String describe(PeerAuthentication authentication) {
        return switch (authentication) {
            case PeerAuthentication.None none -> "none";
            case PeerAuthentication.SignedNonces nonces -> "signed-nonces";
            case PeerAuthentication.MutualTls tls -> "mutual-tls";
        };
    }
}
