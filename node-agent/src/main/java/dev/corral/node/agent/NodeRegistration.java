package dev.corral.node.agent;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.Store;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the agent's Node when the store has none: the address, scheduling allowed, the tags and
 * zone given at start, and one disk, "default", at {@code NODEDIR/data}. An existing Node's spec is
 * the operator's and is left as it is.
 */
final class NodeRegistration {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);

    private NodeRegistration() {}

    static Node ensure(Store store, AgentConfig config) throws IOException {
        Optional<Node> existing = store.get(Kind.NODE, config.nodeName());
        if (existing.isPresent()) {
            return existing.get();
        }
        DiskUsage usage = DiskUsage.of(config.dataDisk());
        Node.DiskSpec disk = new Node.DiskSpec(
                config.dataDisk().toString(), true, usage.total() / 100 * config.diskReservedPercent(), null);
        Node node = new Node(
                ObjectMeta.named(config.nodeName()),
                new Node.Spec(
                        config.address(),
                        true,
                        config.tags(),
                        config.zone(),
                        Map.of(AgentConfig.DEFAULT_DISK, disk),
                        false),
                Node.Status.empty());
        try {
            Node created = store.create(node);
            log.info("registered node {} at {} with disk {}", config.nodeName(), config.address(), disk.path());
            return created;
        } catch (AlreadyExistsException e) {
            return store.get(Kind.NODE, config.nodeName()).orElseThrow(() -> e);
        }
    }
}
