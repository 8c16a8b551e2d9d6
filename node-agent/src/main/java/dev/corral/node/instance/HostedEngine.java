package dev.corral.node.instance;

import dev.corral.engine.api.ControlApi;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.nbd.NbdServer;
import dev.corral.node.instance.InstanceMessages.EngineReplica;
import dev.corral.node.instance.InstanceMessages.EngineView;

/** One volume served by the instance: its controller, the NBD server and the control API. */
record HostedEngine(
        String volume, VolumeController controller, NbdServer nbd, ControlApi api, String endpoint, String controlUrl) {
    EngineView view() {
        return new EngineView(
                volume,
                controller.size(),
                endpoint,
                controlUrl,
                controller.replicas().stream()
                        .map(r -> new EngineReplica(r.address(), r.mode(), r.failureReason()))
                        .toList(),
                controller.rebuildStatus().orElse(null));
    }

    /** Closes the API, then the NBD connections, then the replica connections. Not on an event loop. */
    void close() {
        try {
            api.close();
        } finally {
            try {
                nbd.close();
            } finally {
                controller.close();
            }
        }
    }
}
