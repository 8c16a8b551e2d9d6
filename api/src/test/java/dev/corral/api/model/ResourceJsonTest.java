package dev.corral.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceJsonTest {
    @Test
    void volumeTravelsInKubernetesShapeAndBack() {
        Volume volume = new Volume(
                ObjectMeta.named("pvc-1").withResourceVersion(7),
                new Volume.Spec(1L << 30, 3, Volume.DataLocality.BEST_EFFORT, 2880, List.of("ssd"), List.of(), ""),
                null);
        String json = ResourceJson.write(volume);
        assertThat(json)
                .contains("\"apiVersion\":\"corral.dev/v1alpha1\"")
                .contains("\"kind\":\"Volume\"")
                .contains("\"dataLocality\":\"best-effort\"")
                .contains("\"state\":\"creating\"");
        assertThat(ResourceJson.read(Kind.VOLUME, json)).isEqualTo(volume);
    }

    @Test
    void conditionTransitionTimeMovesOnlyWhenStatusChanges() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(60);
        List<Condition> first = Condition.put(List.of(), Condition.of("Ready", true, "Heartbeat", "", t0));
        List<Condition> same = Condition.put(first, Condition.of("Ready", true, "Heartbeat", "again", t1));
        assertThat(same.getFirst().lastTransitionTime()).isEqualTo(t0);
        List<Condition> down = Condition.put(same, Condition.of("Ready", false, "NodeDown", "", t1));
        assertThat(down.getFirst().lastTransitionTime()).isEqualTo(t1);
        assertThat(down).hasSize(1);
    }

    @Test
    void malformedResourceIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ResourceJson.read(Kind.NODE, "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"disks\":3}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid Node");
        assertThat(Kind.of(new Settings(ObjectMeta.named("default"), Settings.defaults())))
                .isEqualTo(Kind.SETTINGS);
        assertThat(ResourceJson.read(
                                Kind.ENGINE,
                                ResourceJson.write(new Engine(
                                        ObjectMeta.named("e"),
                                        new Engine.Spec("v", "n1", 4096, Map.of("r1", "127.0.0.1:1"), null),
                                        null)))
                        .spec()
                        .desireState())
                .isEqualTo(InstanceState.RUNNING);
    }

    @Test
    void anEngineStoredWithTheOldPerEngineControlUrlStillReads() {
        Engine running = new Engine(
                ObjectMeta.named("e"),
                new Engine.Spec("v", "n1", 4096, Map.of(), null),
                new Engine.Status(InstanceState.RUNNING, "nbd://x", "", Map.of(), Map.of(), 4096, List.of()));
        // What versions before the node API stored: the same status with the engine's own URL.
        String stored =
                ResourceJson.write(running).replace("\"instanceUrl\":\"\"", "\"controlUrl\":\"http://127.0.0.1:9\"");
        assertThat(stored).contains("controlUrl");

        Engine read = ResourceJson.read(Kind.ENGINE, stored);
        assertThat(read).isEqualTo(running);
        assertThat(ResourceJson.write(read)).doesNotContain("controlUrl");
    }
}
