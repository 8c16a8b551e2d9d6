package dev.corral.node.agent;

import dev.corral.node.instance.InstanceClient;

/**
 * The instance process the agent works with now. The generation counts the processes the agent
 * has adopted or started: a new generation hosts nothing, whatever the last one did.
 */
record InstanceConnection(long generation, ProcessHandle process, InstanceClient client) {
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
