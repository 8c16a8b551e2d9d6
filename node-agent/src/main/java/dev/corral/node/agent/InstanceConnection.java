package dev.corral.node.agent;

import dev.corral.api.node.NodeClient;

/**
 * The instance process the agent works with now. The generation counts the processes the agent
 * has adopted or started: a new generation hosts nothing, whatever the last one did.
 */
record InstanceConnection(long generation, ProcessHandle process, NodeClient client) {
    long pid() {
        return process.pid();
    }

    String url() {
        return client.url();
    }

    boolean alive() {
        return process.isAlive();
    }
}
