package dev.corral.node.it;

import dev.corral.engine.testsupport.ExternalCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hosts for a test: a bridge on the host (10.200.0.1/24) and one network namespace per node, each
 * joined to the bridge by a veth pair with its own address. Partitioning a node takes its veth's
 * host side down; healing brings it up. Everything is removed on close.
 */
final class NetworkNamespaces implements AutoCloseable {
    static final String BRIDGE_ADDRESS = "10.200.0.1";
    private static final Duration STEP = Duration.ofSeconds(20);

    private final String prefix;
    private final String bridge;
    private final List<String> namespaces = new ArrayList<>();

    NetworkNamespaces(String prefix) {
        this.prefix = prefix;
        this.bridge = prefix + "br";
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", BRIDGE_ADDRESS + "/24", "dev", bridge);
        ip("link", "set", bridge, "up");
    }

    /** Adds host {@code n}: namespace PREFIXn with address 10.200.0.(10+n); answers the namespace. */
    String addHost(int n) {
        String ns = prefix + n;
        String hostSide = prefix + "v" + n;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ip("link", "set", hostSide, "master", bridge);
        ip("link", "set", hostSide, "up");
        ip("-n", ns, "addr", "add", address(n) + "/24", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    static String address(int n) {
        return "10.200.0." + (10 + n);
    }

    void partition(int n) {
        ip("link", "set", prefix + "v" + n, "down");
    }

    void heal(int n) {
        ip("link", "set", prefix + "v" + n, "up");
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ExternalCommand.run(STEP, command);
    }

    @Override
    public void close() {
        for (String ns : namespaces) {
            ExternalCommand.runAllowingFailure(STEP, List.of("ip", "netns", "del", ns));
        }
        ExternalCommand.runAllowingFailure(STEP, List.of("ip", "link", "del", bridge));
    }
}
