package dev.corral.node.agent;

import dev.corral.api.node.NodeTransport;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's identity as its agent uses it: loaded, for the agent's own mutual TLS (to the control
 * plane's API and to the node's instance process), and where it lies, for the instance process the
 * agent starts ({@code --identity DIR} is passed on, so the key is read from the node's disk by the
 * process that uses it and never travels on a command line).
 */
public record NodeIdentity(Path dir, ClusterIdentity identity) {
    public NodeIdentity {
        dir = dir.toAbsolutePath().normalize();
    }

    /** Loads DIR and checks that it is {@code node/NODENAME}, this node's and no other's. */
    public static NodeIdentity load(Path dir, String nodeName) throws IOException {
        ClusterIdentity identity = ClusterIdentity.load(dir);
        Principal expected = Principal.node(nodeName);
        if (!identity.principal().equals(expected)) {
            throw new IOException("the identity in " + dir + " is " + identity.principal() + ", but this agent runs "
                    + expected + "; give the node's own identity directory");
        }
        return new NodeIdentity(dir, identity);
    }

    /** How a process with {@code identity} (or none) calls node APIs. */
    static NodeTransport transport(Optional<NodeIdentity> identity) {
        return NodeTransport.of(identity.map(id -> id.identity().clientContext()));
    }
}
