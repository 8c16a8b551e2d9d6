package dev.corral.console.drill;

import dev.corral.console.connection.LocalClusterCommands;
import java.io.IOException;

/** How the drill stops and starts a node. */
public interface NodePower {
    /** Stops the node; answers what the operator is told while the drill waits for it to be down. */
    String stop(String node) throws IOException;

    /** Starts the node again; answers what the operator is told while the drill waits for it. */
    String start(String node) throws IOException;

    /** The local cluster's nodes are processes here: stopped with SIGKILL, the real failure. */
    record Local(LocalClusterCommands cluster) implements NodePower {
        @Override
        public String stop(String node) throws IOException {
            cluster.killNode(node);
            return node + "'s processes were killed (SIGKILL)";
        }

        @Override
        public String start(String node) throws IOException {
            cluster.startNode(node);
            return node + " started again";
        }
    }

    /** A remote cluster's machines are not the console's to power off: the operator does it. */
    record Manual() implements NodePower {
        @Override
        public String stop(String node) {
            return "Stop " + node + " now (shut the machine down or stop its agent); waiting until the cluster"
                    + " reports it down";
        }

        @Override
        public String start(String node) {
            return "Start " + node + " again now; waiting until the cluster reports it ready";
        }
    }
}
