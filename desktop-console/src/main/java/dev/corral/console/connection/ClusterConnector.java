package dev.corral.console.connection;

import dev.corral.agent.client.ApiEndpoint;
import dev.corral.agent.local.LocalCluster;
import dev.corral.console.state.EventBatcher;
import java.util.function.Consumer;

/** Starts (or reuses) the local cluster when asked to, then opens a session with one watch. */
public final class ClusterConnector implements Connector {
    private final EventBatcher events;

    public ClusterConnector(EventBatcher events) {
        this.events = events;
    }

    @Override
    public Link open(ConnectionTarget target, Consumer<String> progress) throws Exception {
        ApiEndpoint endpoint = switch (target) {
            case ConnectionTarget.Local local -> {
                LocalCluster cluster = new LocalCluster(local.dir());
                progress.accept("Starting the local cluster (" + local.nodes() + " nodes) in " + local.dir()
                        + "; processes already running are reused");
                // up() starts only what is not running, so a running cluster is reused as it is.
                cluster.up(local.nodes());
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
