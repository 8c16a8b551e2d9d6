package dev.corral.local;

import dev.corral.api.local.ClusterFile;
import dev.corral.api.local.LocalNode;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * How a local cluster's processes get their identities: the process that lays the cluster out
 * holds its authority ({@code DIR/identity/ca.key}, mode 600) and issues the control plane's
 * ({@code DIR/control-plane/identity}) and each node's ({@code DIR/nodes/N/identity}) before that
 * process first starts. This is the local cluster's enrolment: whoever may run {@code local}
 * commands on DIR is its administrator.
 */
final class LocalIdentities {
    private final Path dir;

    LocalIdentities(Path dir) {
        this.dir = dir;
    }

    Path controlPlane() {
        return dir.resolve("control-plane").resolve("identity");
    }

    Path node(String name) {
        return dir.resolve("nodes").resolve(name).resolve("identity");
    }

    /** The authority, made the first time, and an identity for the control plane unless it has one. */
    void ensureControlPlane(String listenHost) throws IOException {
        ensure(controlPlane(), Principal.controlPlane(), List.of(listenHost, "localhost"));
    }

    /** A node's identity unless it has one: principal node/NAME, for the address it serves on. */
    void ensureNode(LocalNode node) throws IOException {
        ensure(node(node.name()), Principal.node(node.name()), List.of(node.address()));
    }

    private void ensure(Path identityDir, Principal principal, List<String> hosts) throws IOException {
        if (Files.exists(identityDir.resolve("identity.crt"))) {
            return;
        }
        ClusterAuthority authority = ClusterAuthority.loadOrCreate(
                ClusterFile.authorityDir(dir), dir.getFileName().toString(), Clock.systemUTC());
        ClusterIdentity.issue(authority, principal, hosts, identityDir);
    }
}
