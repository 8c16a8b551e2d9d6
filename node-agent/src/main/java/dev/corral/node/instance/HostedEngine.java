package dev.corral.node.instance;

import dev.corral.api.node.EngineView;
import dev.corral.engine.control.EngineControl;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.nbd.NbdServer;

/**
 * One volume served by the instance: its controller, the NBD server in front of it and the typed
 * operations the node's API drives it through. It opens no port besides the NBD server's.
 */
record HostedEngine(String volume, VolumeController controller, NbdServer nbd, EngineControl control) {
    EngineView view() {
        return EngineViews.view(control);
    }

    /** Closes the NBD connections, then the replica connections. Not on an event loop. */
    void close() {
        try {
            nbd.close();
        } finally {
            controller.close();
        }
    }
}
