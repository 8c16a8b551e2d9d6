package dev.corral.console.connection;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.local.ClusterFile;
import dev.corral.console.state.EventBatcher;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts (or reuses) the local cluster when asked to, then opens a session with one watch. */
public final class ClusterConnector implements Connector {
    private final EventBatcher events;

    public ClusterConnector(EventBatcher events) {
        this.events = events;
    }

    /** Its control plane answers: the cluster is up, whatever state its nodes are in. */
    static Optional<ApiEndpoint> running(ConnectionTarget.Local local) throws IOException {
        Optional<ApiEndpoint> endpoint = ClusterFile.endpoint(local.dir());
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        try (ClusterClient client = new ClusterClient(endpoint.get())) {
            client.store().revision();
            return endpoint;
        } catch (RuntimeException notAnswering) {
            return Optional.empty();
        }
    }

    @Override
    public Link open(ConnectionTarget target, Consumer<String> progress) throws Exception {
        ApiEndpoint endpoint = switch (target) {
            case ConnectionTarget.Local local -> {
                Optional<ApiEndpoint> running = running(local);
                if (running.isPresent()) {
                    // Reused as it is: a node the operator killed stays down (up would restart it).
                    progress.accept("Using the running local cluster in " + local.dir());
                    yield running.get();
                }
                progress.accept("Starting the local cluster (" + local.nodes() + " nodes) in " + local.dir());
                new LocalClusterCommands(local.dir()).up(local.nodes(), progress);
                yield ClusterFile.endpoint(local.dir())
                        .orElseThrow(() -> new IllegalStateException("no local cluster in " + local.dir()));
            }
            case ConnectionTarget.Remote remote -> remote.endpoint();
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
