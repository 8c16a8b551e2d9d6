package dev.corral.engine.cli;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.cli.ReplicaPeers.Encryption;
import dev.corral.engine.replica.auth.PeerAuthentication;
import dev.corral.engine.util.HostPort;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code corral engine replica}: serve one replica directory over the replica protocol. */
@Command(
        name = "replica",
        description = "Serve a replica directory (created when empty) to volume controllers.",
        mixinStandardHelpOptions = true)
final class ReplicaCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Replica directory (created if absent or empty).")
    Path dir;

    @Option(
            names = "--listen",
            required = true,
            converter = Converters.Address.class,
            description = "HOST:PORT to serve on; port 0 picks a free port.")
    HostPort listen;

    @Option(
            names = "--size",
            required = true,
            converter = SizeConverter.class,
            description = "Volume size, e.g. 10Gi; must match an existing replica's size.")
    long size;

    @Option(names = "--revision-counter", description = "Keep a per-write revision counter (slower writes).")
    boolean revisionCounter;

    @Option(
            names = "--identity",
            paramLabel = "DIR",
            description = "Cluster identity (identity.key, identity.crt, ca.crt): serve only clients that prove "
                    + "a node or control-plane certificate of the same authority (data in plain text).")
    Path identity;

    @Option(names = "--tls", description = "With --identity: mutual TLS, every byte encrypted.")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        if (identity == null && tls) {
            throw new IllegalArgumentException("--tls needs --identity DIR (the certificates TLS is made of)");
        }
        PeerAuthentication authentication = identity == null
                ? PeerAuthentication.none()
                : ReplicaPeers.forServer(ClusterIdentity.load(identity), tls ? Encryption.TLS : Encryption.NONE);
        return ReplicaProcess.run(new ReplicaProcess.Settings(dir, listen, size, revisionCounter, authentication));
    }
}
