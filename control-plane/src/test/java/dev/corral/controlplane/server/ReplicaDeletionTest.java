package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An operator's delete cannot take the last good copy of a volume's data; other deletes go through. */
class ReplicaDeletionTest {
    private static final long SIZE = 1L << 30;
    private static final Instant WHEN = Instant.parse("2026-12-02T08:00:00Z");

    private final ApiFixture api = ApiFixture.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theLastRwReplicaOfAnAttachedVolumeIsKeptAndAnotherGoes() {
        api.store.create(volume("v"));
        api.store.create(replica("v-r1", WHEN, null));
        api.store.create(replica("v-r2", WHEN, WHEN));
        Engine engine = api.store.create(new Engine(
                ObjectMeta.named("v"), new Engine.Spec("v", "n1", SIZE, Map.of(), InstanceState.RUNNING), null));
        api.store.update(engine.withStatus(new Engine.Status(
                InstanceState.RUNNING,
                "nbd+unix:///v?socket=/x",
                "https://127.0.0.1:1",
                Map.of("v-r1", ReplicaMode.RW, "v-r2", ReplicaMode.ERR),
                Map.of(),
                SIZE,
                List.of())));
        long revision = api.store.revision();

        HttpResponse<String> refused = api.send("DELETE", "/v1/replicas/v-r1", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("replica v-r1 holds the last good copy of volume v's data");
        assertThat(api.store.get(Kind.REPLICA, "v-r1")).isPresent();
        assertThat(api.store.revision()).isEqualTo(revision);

        // The failed one is not the data's last copy: it may go.
        assertThat(api.send("DELETE", "/v1/replicas/v-r2", null).statusCode()).isEqualTo(204);
        assertThat(api.store.get(Kind.REPLICA, "v-r2")).isEmpty();
    }

    @Test
    void aDetachedVolumesLastHealthyReplicaIsKeptUnlessAnotherIsHealthyToo() {
        api.store.create(volume("d"));
        api.store.create(replica("d-r1", WHEN, null));
        api.store.create(replica("d-r2", null, null)); // never became RW: holds nothing yet

        assertThat(api.send("DELETE", "/v1/replicas/d-r1", null).statusCode()).isEqualTo(409);
        assertThat(api.send("DELETE", "/v1/replicas/d-r2", null).statusCode()).isEqualTo(204);

        api.store.create(replica("d-r3", WHEN, null));
        assertThat(api.send("DELETE", "/v1/replicas/d-r1", null).statusCode()).isEqualTo(204);
        assertThat(api.store.get(Kind.REPLICA, "d-r3")).isPresent();
    }

    private static Volume volume(String name) {
        return new Volume(ObjectMeta.named(name), new Volume.Spec(SIZE, 2, null, 0, List.of(), List.of(), ""), null);
    }

    private static Replica replica(String name, Instant healthyAt, Instant failedAt) {
        String volume = name.substring(0, name.indexOf('-'));
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec(volume, "n1", "default", "/srv/d/replicas/" + name, SIZE, null, healthyAt, failedAt),
                null);
    }
}
