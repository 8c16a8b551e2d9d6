package dev.corral.engine.cli;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.cli.ReplicaPeers.Encryption;
import dev.corral.engine.replica.auth.PeerAuthentication;
import dev.corral.engine.util.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code corral engine controller}: serve a volume over NBD, replicated to replica servers. */
@Command(
        name = "controller",
        description = "Serve a volume over NBD, writing every write to all its replicas.",
        mixinStandardHelpOptions = true)
final class ControllerCommand implements Callable<Integer> {
    @Option(names = "--volume", required = true, description = "Volume name; also the NBD export name.")
    String volume;

    @Option(names = "--size", required = true, converter = SizeConverter.class, description = "Volume size.")
    long size;

    @Option(
            names = "--replica",
            required = true,
            converter = Converters.Address.class,
            description = "HOST:PORT of a replica server; repeat for each replica.")
    List<HostPort> replicas;

    @Option(
            names = "--nbd",
            required = true,
            converter = Converters.Address.class,
            description = "HOST:PORT for NBD clients; port 0 picks a free port.")
    HostPort nbd;

    @Option(
            names = "--listen",
            required = true,
            converter = Converters.Address.class,
            description = "HOST:PORT of the control API; port 0 picks a free port.")
    HostPort listen;

    @Option(
            names = "--replica-timeout",
            converter = Converters.Time.class,
            description = "Fail a replica that does not answer within this time (default 8s).")
    Duration replicaTimeout = Duration.ofSeconds(8);

    @Option(
            names = "--ping-interval",
            converter = Converters.Time.class,
            description = "Ping idle replicas this often (default 2s).")
    Duration pingInterval = Duration.ofSeconds(2);

    @Option(
            names = "--identity",
            paramLabel = "DIR",
            description = "Cluster identity (identity.key, identity.crt, ca.crt): authenticate to the replicas with "
                    + "it and accept only replicas with a node certificate of the same authority.")
    Path identity;

    @Option(names = "--replica-tls", description = "With --identity: mutual TLS to the replicas, every byte encrypted.")
    boolean replicaTls;

    @Override
    public Integer call() throws Exception {
        if (identity == null && replicaTls) {
            throw new IllegalArgumentException("--replica-tls needs --identity DIR (the certificates TLS is made of)");
        }
        PeerAuthentication authentication = identity == null
                ? PeerAuthentication.none()
                : ReplicaPeers.forClient(ClusterIdentity.load(identity), replicaTls ? Encryption.TLS : Encryption.NONE);
        return ControllerProcess.run(new ControllerProcess.Settings(
                volume, size, replicas, nbd, listen, replicaTimeout, pingInterval, authentication));
    }
}
