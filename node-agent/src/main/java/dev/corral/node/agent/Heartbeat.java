package dev.corral.node.agent;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes the node's status: the time (the control plane marks a silent node down), each disk's
 * filesystem size and free space and the replica bytes placed on it, the instance URL, and the
 * condition Ready=True reason Heartbeat.
 */
final class Heartbeat {
    static final String REASON = "Heartbeat";

    private final AgentConfig config;
    private final StatusWriter writer;
    private final NodeCache cache;
    private final NodeDisks disks;
    private final Supplier<String> instanceUrl;
    private final Clock clock;

    Heartbeat(
            AgentConfig config,
            StatusWriter writer,
            NodeCache cache,
            NodeDisks disks,
            Supplier<String> instanceUrl,
            Clock clock) {
        this.config = config;
        this.writer = writer;
        this.cache = cache;
        this.disks = disks;
        this.instanceUrl = instanceUrl;
        this.clock = clock;
    }

    /** Writes one heartbeat; false when the Node is gone (the caller registers it again). */
    boolean beat() {
        Instant now = clock.instant();
        return writer.modify(Kind.NODE, config.nodeName(), node -> {
                    disks.update(node);
                    return node.withStatus(status(node, now));
                })
                .isPresent();
    }

    private Node.Status status(Node node, Instant now) {
        Node.Status old = node.status();
        List<Condition> conditions = Condition.put(old.conditions(), Condition.of(Node.READY, true, REASON, "", now));
        Map<String, Node.DiskStatus> diskStatus = new LinkedHashMap<>();
        node.spec()
                .disks()
                .forEach((name, disk) ->
                        diskStatus.put(name, disk(name, disk, old.disks().get(name), now)));
        return new Node.Status(conditions, now, old.agentUrl(), instanceUrl.get(), diskStatus);
    }

    private Node.DiskStatus disk(String name, Node.DiskSpec disk, Node.DiskStatus old, Instant now) {
        long scheduled = cache.myReplicas().stream()
                .filter(r -> name.equals(r.spec().diskName()))
                .mapToLong(r -> r.spec().size())
                .sum();
        List<Condition> previous = old == null ? List.of() : old.conditions();
        try {
            DiskUsage usage = DiskUsage.of(Path.of(disk.path()));
            return new Node.DiskStatus(
                    disk.path(),
                    usage.total(),
                    usage.usable(),
                    scheduled,
                    Condition.put(previous, Condition.of(Node.READY, true, "DiskReady", "", now)));
        } catch (IOException | RuntimeException e) {
            return new Node.DiskStatus(
                    disk.path(),
                    0,
                    0,
                    scheduled,
                    Condition.put(
                            previous, Condition.of(Node.READY, false, "DiskUnavailable", "statvfs failed: " + e, now)));
        }
    }
}
