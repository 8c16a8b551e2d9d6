package dev.corral.api.local;

/**
 * One node of a local cluster.
 *
 * @param address the address the node's replicas and exports bind to (127.0.1.N on loopback)
 * @param netns the network namespace the node's processes run in, or null for the host's
 */
public record LocalNode(String name, String address, String netns) {
    /** node-N at 127.0.1.N in the host's network. */
    public static LocalNode loopback(int n) {
        return new LocalNode("node-" + n, "127.0.1." + n, null);
    }
}
