package dev.corral.node.instance;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.cli.PlainErrors;
import dev.corral.engine.cli.ReplicaPeers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code corral instance}: the process that hosts a node's replica servers and engines. Its agent
 * starts it (and finds it again through {@code DIR/instance.json} after the agent restarts).
 */
@Command(
        name = "instance",
        description = "Host a node's replica servers and volume engines, driven over HTTP by the node's agent.",
        mixinStandardHelpOptions = true)
public final class InstanceCommand implements Callable<Integer> {
    @Option(
            names = "--dir",
            required = true,
            description = "The instance's own directory: instance.json, instance.lock, its log.")
    Path dir;

    @Option(
            names = "--address",
            required = true,
            description = "IP the API, the replica servers and the NBD exports bind to and are reached at.")
    String address;

    @Option(names = "--port", description = "Port of the instance API; 0 (the default) picks a free one.")
    int port;

    @Option(
            names = "--identity",
            paramLabel = "DIR",
            description = "The node's identity (DIR/identity.key, identity.crt, ca.crt; principal node/NAME): the"
                    + " API is then served over mutual TLS to the control plane and this node only. Without it the"
                    + " API is plain http and --address must be a loopback address.")
    Path identity;

    @Option(
            names = "--replica-tls",
            description = "Replica data over mutual TLS (needs --identity; every node of the cluster must agree)."
                    + " Without it both ends still authenticate, and the data goes in plain text for speed.")
    boolean replicaTls;

    @Override
    public Integer call() throws Exception {
        if (replicaTls && identity == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--replica-tls needs --identity: TLS needs the node's certificate");
        }
        return InstanceProcess.run(new InstanceProcess.Settings(
                dir,
                address,
                port,
                ClusterIdentity.loadIf(identity),
                replicaTls ? ReplicaPeers.Encryption.TLS : ReplicaPeers.Encryption.NONE));
    }

    /** Lets the agent start the instance from its own class path without the CLI module. */
    public static void main(String[] args) {
        System.exit(PlainErrors.on(new CommandLine(new InstanceCommand())).execute(args));
    }
}
