package dev.corral.controlplane.server;

import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.store.Store;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Replica written by an operator through the API. Its data directory is the system's, never the
 * client's: it is {@code DISK/replicas/NAME} on the disk the spec names ({@link
 * DiskLayout#replicaDirectory}, as the control plane's own planner computes it). A create that
 * leaves {@code spec.dataDirectory} out gets that directory filled in; one that names any other is
 * a 400. A replace keeps the node, disk and directory it has: a replica does not move, a new one
 * is made elsewhere. (The control plane itself writes replicas straight to its store, and agents
 * may change only a status, which {@link NodeScope} holds them to.)
 */
final class ReplicaRules {
    /** A DNS subdomain without dots: one path segment, never {@code .} or {@code ..}. */
    static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,251}[a-z0-9])?$");

    private ReplicaRules() {}

    /** The replica to store for an operator's create: with its directory computed. */
    static Replica admitNew(Store store, Replica replica) {
        String name = replica.name();
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid replica name '" + name
                    + "': use lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        Replica.Spec spec = requireSpec(replica);
        String computed = directory(store, name, spec);
        String given = spec.dataDirectory();
        if (given != null && !given.isEmpty() && !given.equals(computed)) {
            throw ApiException.badRequest("spec.dataDirectory of replica " + name + " is the system's: on disk "
                    + spec.diskName() + " of node " + spec.nodeId() + " it is " + computed + ", not " + given
                    + "; leave it out");
        }
        return replica.withSpec(new Replica.Spec(
                spec.volumeName(),
                spec.nodeId(),
                spec.diskName(),
                computed,
                spec.size(),
                spec.desireState(),
                spec.healthyAt(),
                spec.failedAt()));
    }

    /** The replica to store for an operator's replace: its place as stored ({@code dataDirectory} may be left out). */
    static Replica admitReplacement(Replica stored, Replica sent) {
        Replica.Spec spec = requireSpec(sent);
        Replica.Spec before = stored.spec();
        String name = sent.name();
        String given = spec.dataDirectory() == null || spec.dataDirectory().isEmpty()
                ? before.dataDirectory()
                : spec.dataDirectory();
        if (!Objects.equals(spec.nodeId(), before.nodeId())
                || !Objects.equals(spec.diskName(), before.diskName())
                || !Objects.equals(given, before.dataDirectory())) {
            throw ApiException.badRequest("replica " + name + " stays where it is (node " + before.nodeId() + ", disk "
                    + before.diskName() + ", " + before.dataDirectory()
                    + "); to place a replica elsewhere create a new one");
        }
        return sent.withSpec(new Replica.Spec(
                spec.volumeName(),
                spec.nodeId(),
                spec.diskName(),
                before.dataDirectory(),
                spec.size(),
                spec.desireState(),
                spec.healthyAt(),
                spec.failedAt()));
    }

    private static Replica.Spec requireSpec(Replica replica) {
        if (replica.spec() == null) {
            throw ApiException.badRequest("replica " + replica.name() + " needs a spec");
        }
        return replica.spec();
    }

    /** The directory the control plane's planner would give the replica: the disk's path, as it reads it. */
    private static String directory(Store store, String name, Replica.Spec spec) {
        String nodeId = spec.nodeId();
        if (nodeId == null || nodeId.isEmpty()) {
            throw ApiException.badRequest("replica " + name + " needs spec.nodeId");
        }
        Node node = store.get(Kind.NODE, nodeId)
                .orElseThrow(() -> ApiException.badRequest("replica " + name + ": there is no node " + nodeId));
        Node.DiskSpec disk = node.spec().disks().get(spec.diskName());
        if (disk == null) {
            throw ApiException.badRequest("replica " + name + ": node " + nodeId + " has no disk '" + spec.diskName()
                    + "' (it has " + node.spec().disks().keySet() + ")");
        }
        String path = diskPath(node, spec.diskName(), disk);
        DiskLayout.diskPathProblem(path).ifPresent(problem -> {
            throw ApiException.badRequest("replica " + name + ": disk " + spec.diskName() + " of node " + nodeId
                    + " cannot hold it: " + problem);
        });
        return DiskLayout.replicaDirectory(path, name).toString();
    }

    /** As the scheduler reads it: the spec's path, or what the agent found when the spec has none. */
    private static String diskPath(Node node, String diskName, Node.DiskSpec disk) {
        if (disk.path() != null && !disk.path().isEmpty()) {
            return disk.path();
        }
        return Optional.ofNullable(node.status().disks().get(diskName))
                .map(Node.DiskStatus::path)
                .orElse("");
    }
}
