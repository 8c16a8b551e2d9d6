package dev.corral.controlplane;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks a node down when its agent has stopped heartbeating for longer than the settings allow
 * (condition Ready=False, reason NodeDown). The agent sets Ready=True again with its next
 * heartbeat. Answers the nodes it marked, so their volumes are reconciled.
 */
final class NodeMonitor {
    static final String NODE_DOWN = "NodeDown";

    private final ClusterCache cache;
    private final Writer writer;
    private final Clock clock;

    NodeMonitor(ClusterCache cache, Writer writer, Clock clock) {
        this.cache = cache;
        this.writer = writer;
        this.clock = clock;
    }

    List<String> check() {
        Instant now = clock.instant();
        Duration timeout = Duration.ofSeconds(cache.settings().nodeDownTimeoutSeconds());
        List<String> marked = new ArrayList<>();
        for (Node node : cache.list(Kind.NODE)) {
            Instant last = node.status().lastHeartbeat();
            boolean silent = last == null || last.plus(timeout).isBefore(now);
            if (silent && node.ready()) {
                String since = last == null
                        ? "never heartbeated"
                        : "no heartbeat for " + Duration.between(last, now).toSeconds() + " s";
                Condition down = Condition.of(Node.READY, false, NODE_DOWN, since, now);
                writer.update(
                        node,
                        node.withStatus(node.status()
                                .withConditions(Condition.put(node.status().conditions(), down))));
                marked.add(node.name());
            }
        }
        return marked;
    }
}
