package dev.corral.node.agent;

import dev.corral.api.node.EngineView;
import dev.corral.api.node.NodeCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the instance for every engine's view (one request for the whole node): each busy-poll
 * period while any engine rebuilds, each idle-poll period otherwise. An engine whose view changed
 * is handed to its reconcile, which writes its status; an unchanged one costs nothing more, so an
 * idle node makes one small local request every few seconds and no store write.
 */
final class EnginePoller {
    private static final Logger log = LoggerFactory.getLogger(EnginePoller.class);

    private final InstanceMirror mirror;
    private final NodeCache cache;
    private final Consumer<Work> reconcile;
    private final Duration idlePoll;
    private final Clock clock;
    private Instant lastPoll = Instant.EPOCH; // the scheduler's thread only

    EnginePoller(InstanceMirror mirror, NodeCache cache, Consumer<Work> reconcile, Duration idlePoll, Clock clock) {
        this.mirror = mirror;
        this.cache = cache;
        this.reconcile = reconcile;
        this.idlePoll = idlePoll;
        this.clock = clock;
    }

    /** Called every busy-poll period; polls when a rebuild runs or the idle period has passed. */
    void tick() {
        InstanceConnection instance = mirror.connection();
        Instant now = clock.instant();
        if (instance == null || (!mirror.anyRebuilding() && now.isBefore(lastPoll.plus(idlePoll)))) {
            return;
        }
        lastPoll = now;
        List<EngineView> views;
        try {
            views = instance.client().engines();
        } catch (NodeCallException e) {
            log.debug("engine poll: {}", e.getMessage());
            return;
        }
        Set<String> changed = new HashSet<>();
        Set<String> serving = new HashSet<>();
        for (EngineView view : views) {
            serving.add(view.volume());
            if (mirror.engineServes(instance.generation(), view)) {
                changed.add(view.volume());
            }
        }
        for (EngineView known : mirror.engines()) {
            if (!serving.contains(known.volume()) && mirror.engineStopped(instance.generation(), known.volume())) {
                changed.add(known.volume());
            }
        }
        if (!changed.isEmpty()) {
            cache.myEngines().stream()
                    .filter(e -> changed.contains(e.spec().volumeName()))
                    .forEach(e -> reconcile.accept(new Work.OfEngine(e.name())));
        }
    }
}
