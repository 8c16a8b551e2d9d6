package dev.corral.console.connection;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.console.state.EventBatcher;
import dev.corral.local.LocalCluster;
import java.util.function.Consumer;

/** Starts (or reuses) the local cluster when asked to, then opens a session with one watch. */
public final class ClusterConnector implements Connector {
    private final EventBatcher events;

    public ClusterConnector(EventBatcher events) {
        this.events = events;
    }

    /** Its control plane runs: the cluster is up, whatever state its nodes are in. */
    static boolean running(LocalCluster cluster) throws java.io.IOException {
        return cluster.url().isPresent()
                && cluster.processes().stream().anyMatch(p -> p.name().equals("control-plane") && p.running());
    }

    @Override
    public Link open(ConnectionTarget target, Consumer<String> progress) throws Exception {
        ApiEndpoint endpoint = switch (target) {
            case ConnectionTarget.Local local -> {
                LocalCluster cluster = new LocalCluster(local.dir());
                if (running(cluster)) {
                    // Reused as it is: a node the operator killed stays down (up() would restart it).
                    progress.accept("Using the running local cluster in " + local.dir());
                } else {
                    progress.accept("Starting the local cluster (" + local.nodes() + " nodes) in " + local.dir());
                    cluster.up(local.nodes());
                }
                yield cluster.endpoint()
                        .orElseThrow(() -> new IllegalStateException("no local cluster in " + local.dir()));
            }
            case ConnectionTarget.Remote remote -> new ApiEndpoint(remote.url(), remote.credentials());
        };
        progress.accept("Connecting to " + endpoint.url());
        Session session = new Session(endpoint, events);
        try {
            session.probe();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }
}
