package dev.corral.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.node.EngineReplica;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.RebuildView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineReportTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Engine engine = new Engine(
            ObjectMeta.named("vol"),
            new Engine.Spec(
                    "vol", "node-1", 4096, Map.of("r1", "10.0.0.1:1", "r2", "10.0.0.2:2"), InstanceState.RUNNING),
            null);

    @Test
    void modesAndRebuildsAreByReplicaNameAndMembersTheSpecDropsAreLeftOut() {
        RebuildView rebuild = new RebuildView(
                "10.0.0.2:2", "10.0.0.1:1", RebuildView.State.RUNNING, 10, 100, 5, 1.5, 60.0, 2.0, null, NOW);
        EngineView view = new EngineView(
                "vol",
                8192,
                "nbd://10.0.0.9:7/vol",
                List.of(
                        new EngineReplica("10.0.0.1:1", ReplicaMode.RW, null),
                        new EngineReplica("10.0.0.2:2", ReplicaMode.WO, null),
                        new EngineReplica("10.0.0.3:3", ReplicaMode.ERR, "gone")),
                rebuild);

        Engine.Status status = EngineReport.serving(engine, view, "http://10.0.0.9:8", NOW);

        assertThat(status.currentState()).isEqualTo(InstanceState.RUNNING);
        assertThat(status.endpoint()).isEqualTo("nbd://10.0.0.9:7/vol");
        assertThat(status.instanceUrl()).isEqualTo("http://10.0.0.9:8");
        assertThat(status.size()).isEqualTo(8192);
        assertThat(status.replicaModes()).isEqualTo(Map.of("r1", ReplicaMode.RW, "r2", ReplicaMode.WO));
        assertThat(status.rebuilds()).containsOnlyKeys("r2");
        Engine.RebuildProgress progress = status.rebuilds().get("r2");
        assertThat(progress.source()).isEqualTo("r1");
        assertThat(progress.state()).isEqualTo("RUNNING");
        assertThat(progress.bytesDone()).isEqualTo(10);
        assertThat(progress.bytesTotal()).isEqualTo(100);
    }

    @Test
    void anUnchangedViewGivesAnEqualStatusSoNothingIsWritten() {
        EngineView view = new EngineView(
                "vol",
                4096,
                "nbd://10.0.0.9:7/vol",
                List.of(new EngineReplica("10.0.0.1:1", ReplicaMode.RW, null)),
                null);
        String node = "http://10.0.0.9:8";
        Engine reported = engine.withStatus(EngineReport.serving(engine, view, node, NOW));
        assertThat(EngineReport.serving(reported, view, node, NOW.plusSeconds(5)))
                .isEqualTo(reported.status());
    }

    @Test
    void notServingClearsWhatTheEngineReportedAndSaysWhy() {
        Engine.Status status =
                EngineReport.notServing(engine, InstanceState.ERROR, "StartFailed", "no replica can serve", NOW);
        assertThat(status.currentState()).isEqualTo(InstanceState.ERROR);
        assertThat(status.endpoint()).isEmpty();
        assertThat(status.replicaModes()).isEmpty();
        assertThat(status.conditions())
                .singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("StartFailed"))
                .satisfies(c -> assertThat(c.message()).isEqualTo("no replica can serve"));
    }
}
