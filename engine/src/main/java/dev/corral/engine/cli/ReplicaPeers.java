package dev.corral.engine.cli;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.engine.replica.auth.PeerAuthentication;
import java.security.cert.X509Certificate;

/**
 * The replica protocol's authentication for a process of a cluster, from its identity ({@code
 * --identity DIR}): the engine itself takes only JDK types, this is where the cluster's
 * certificates become them. A node's instance process builds its replica servers' and engines'
 * configs here too.
 */
public final class ReplicaPeers {
    /** Whether replica traffic is encrypted after the peers have authenticated each other. */
    public enum Encryption {
        /** Signed nonces, then plain text: authenticated at connection time, at full speed. */
        NONE,
        /** Mutual TLS: every byte encrypted and authenticated. */
        TLS
    }

    private ReplicaPeers() {}

    /**
     * Who may be at the other end of a replica connection in a cluster: a node (its instance
     * process hosts replicas and engines) or the control plane. Operators' certificates and
     * anything not issued as a Corral principal are refused.
     */
    public static boolean isNodeOrControlPlane(X509Certificate peer) {
        try {
            Principal.Role role = Principal.of(peer).role();
            return role == Principal.Role.NODE || role == Principal.Role.CONTROL_PLANE;
        } catch (IllegalArgumentException notACorralPrincipal) {
            return false;
        }
    }

    /** For a replica server presenting {@code identity}. */
    public static PeerAuthentication forServer(ClusterIdentity identity, Encryption encryption) {
        return switch (encryption) {
            case NONE -> signedNonces(identity);
            case TLS -> PeerAuthentication.mutualTls(identity.serverContext(), ReplicaPeers::isNodeOrControlPlane);
        };
    }

    /** For a replica client (an engine) presenting {@code identity}. */
    public static PeerAuthentication forClient(ClusterIdentity identity, Encryption encryption) {
        return switch (encryption) {
            case NONE -> signedNonces(identity);
            case TLS -> PeerAuthentication.mutualTls(identity.clientContext(), ReplicaPeers::isNodeOrControlPlane);
        };
    }

    private static PeerAuthentication signedNonces(ClusterIdentity identity) {
        return PeerAuthentication.signedNonces(
                identity.identity().key(),
                identity.identity().chain(),
                identity.authority(),
                ReplicaPeers::isNodeOrControlPlane);
    }
}
