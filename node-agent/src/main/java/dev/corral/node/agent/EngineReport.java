package dev.corral.node.agent;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.node.EngineReplica;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.RebuildView;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Engine's status from what its engine reports. The engine knows replicas by address; the
 * status names them by replica, through the spec's replica addresses (a member the spec no longer
 * names is left out: it is on its way out).
 */
final class EngineReport {
    static final String CONDITION = "Ready";

    private EngineReport() {}

    /** @param instanceUrl the node API of the instance process that hosts the engine */
    static Engine.Status serving(Engine engine, EngineView view, String instanceUrl, Instant now) {
        Map<String, String> nameOf = namesByAddress(engine);
        Map<String, ReplicaMode> modes = new LinkedHashMap<>();
        for (EngineReplica member : view.replicas()) {
            String name = nameOf.get(member.address());
            if (name != null) {
                modes.put(name, member.mode());
            }
        }
        Map<String, Engine.RebuildProgress> rebuilds = new LinkedHashMap<>();
        engine.status().rebuilds().forEach((name, progress) -> {
            if (engine.spec().replicaAddresses().containsKey(name)) {
                rebuilds.put(name, progress);
            }
        });
        RebuildView rebuild = view.rebuild();
        if (rebuild != null && nameOf.containsKey(rebuild.target())) {
            rebuilds.put(nameOf.get(rebuild.target()), progress(rebuild, nameOf));
        }
        Condition ready = Condition.of(CONDITION, true, "Serving", "", now);
        return new Engine.Status(
                InstanceState.RUNNING,
                view.endpoint(),
                instanceUrl,
                modes,
                rebuilds,
                view.size(),
                Condition.put(engine.status().conditions(), ready));
    }

    /** Not serving: why, in the condition; what the last engine reported is cleared. */
    static Engine.Status notServing(Engine engine, InstanceState state, String reason, String message, Instant now) {
        Condition ready = Condition.of(CONDITION, false, reason, message, now);
        return new Engine.Status(
                state,
                "",
                "",
                Map.of(),
                engine.status().rebuilds(),
                engine.status().size(),
                Condition.put(engine.status().conditions(), ready));
    }

    private static Engine.RebuildProgress progress(RebuildView rebuild, Map<String, String> nameOf) {
        return new Engine.RebuildProgress(
                nameOf.getOrDefault(rebuild.source(), rebuild.source()),
                rebuild.state().name(),
                rebuild.bytesDone(),
                rebuild.bytesTotal(),
                rebuild.bytesSent(),
                rebuild.bytesPerSecond(),
                rebuild.etaSeconds(),
                rebuild.error(),
                rebuild.startedAt());
    }

    private static Map<String, String> namesByAddress(Engine engine) {
        Map<String, String> names = new HashMap<>();
        engine.spec().replicaAddresses().forEach((name, address) -> names.put(address, name));
        return names;
    }
}
