package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.store.Store;

/** The operator's switches on a node; its agent owns the rest of the spec and the status. */
final class NodeActions {
    private final Store store;

    NodeActions(Store store) {
        this.store = store;
    }

    /** {@code {"allow": bool}}: whether new replicas may be placed on the node. */
    Node scheduling(String name, JsonNode body) {
        boolean allow = RequestBodies.bool(body, "allow");
        return Modify.apply(
                store, Kind.NODE, name, node -> node.withSpec(node.spec().withAllowScheduling(allow)));
    }

    /** {@code {"requested": bool}}: whether the node's replicas should be moved elsewhere. */
    Node eviction(String name, JsonNode body) {
        boolean requested = RequestBodies.bool(body, "requested");
        return Modify.apply(
                store, Kind.NODE, name, node -> node.withSpec(node.spec().withEvictionRequested(requested)));
    }
}
