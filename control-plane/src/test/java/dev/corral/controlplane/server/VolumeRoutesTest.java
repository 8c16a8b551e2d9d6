package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiRequestException;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.v1.VolumeRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeRoutesTest {
    private static final long GI = 1L << 30;

    private final ApiFixture api = ApiFixture.start();
    private final ClusterClient client = new ClusterClient(api.endpoint());

    @BeforeEach
    void nodes() {
        for (String name : List.of("n1", "n2")) {
            api.store.create(new Node(
                    ObjectMeta.named(name), new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false), null));
        }
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void shortFormTakesUnitsAndTheClusterDefaults() {
        Settings settings = api.store.get(Kind.SETTINGS, Settings.NAME).orElseThrow();
        api.store.update(settings.withSpec(new Settings.Spec(2, "data", false, true, 100, 25, 600, 5, 10, null)));

        HttpResponse<String> created = api.send("POST", "/v1/volumes", "{\"name\":\"pvc-1\",\"size\":\"1Gi\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).contains(api.url() + "/v1/volumes/pvc-1");
        Volume volume = ResourceJson.read(Kind.VOLUME, created.body());
        assertThat(volume.spec().size()).isEqualTo(GI);
        assertThat(volume.spec().numberOfReplicas()).isEqualTo(2);
        assertThat(volume.spec().dataLocality()).isEqualTo(Volume.DataLocality.DISABLED);
        assertThat(volume.spec().staleReplicaTimeoutSeconds()).isEqualTo(172_800);
        assertThat(volume.status().state()).isEqualTo(Volume.State.CREATING);
        assertThat(api.store.get(Kind.VOLUME, "pvc-1")).contains(volume);
    }

    @Test
    void fullResourceIsCheckedLikeTheShortFormAndItsStatusIgnored() {
        Volume given = new Volume(
                ObjectMeta.named("full", Map.of("team", "a")),
                new Volume.Spec(8192, 2, Volume.DataLocality.BEST_EFFORT, 60, List.of("ssd"), List.of(), ""),
                new Volume.Status(
                        Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "n1", "nbd://x", 0, List.of(), null));

        Volume created = client.store().create(given);

        assertThat(created.spec()).isEqualTo(given.spec());
        assertThat(created.metadata().labels()).containsEntry("team", "a");
        assertThat(created.status()).isEqualTo(Volume.Status.initial());
        assertThatThrownBy(() -> client.store().create(given))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("volume full already exists");
        Volume noReplicas = new Volume(
                ObjectMeta.named("zero"), new Volume.Spec(8192, 0, null, 60, List.of(), List.of(), ""), null);
        assertThatThrownBy(() -> client.store().create(noReplicas))
                .isInstanceOf(ApiRequestException.class)
                .hasMessage("numberOfReplicas must be between 1 and 20, got 0");
    }

    @Test
    void invalidRequestsAreRefusedWithReasonsAndChangeNothing() {
        client.createVolume(VolumeRequest.of("v1", GI));
        long revision = api.store.revision();

        assertRefused(
                "POST",
                "/v1/volumes",
                "{\"name\":\"Bad_Name\",\"size\":\"1Gi\"}",
                400,
                "invalid volume name 'Bad_Name'");
        assertRefused(
                "POST",
                "/v1/volumes",
                "{\"name\":\"v2\",\"size\":\"1000\"}",
                400,
                "size must be a positive multiple of 4096 bytes, got 1000 bytes");
        assertRefused("POST", "/v1/volumes", "{\"name\":\"v2\",\"size\":0}", 400, "size must be a positive multiple");
        assertRefused("POST", "/v1/volumes", "{\"name\":\"v2\",\"size\":\"lots\"}", 400, "invalid size 'lots'");
        assertRefused(
                "POST",
                "/v1/volumes",
                "{\"name\":\"v2\",\"size\":\"1Gi\",\"numberOfReplicas\":0}",
                400,
                "numberOfReplicas must be between 1 and 20, got 0");
        assertRefused(
                "POST",
                "/v1/volumes",
                "{\"name\":\"v2\",\"size\":\"1Gi\",\"numberOfReplicas\":21}",
                400,
                "numberOfReplicas must be between 1 and 20, got 21");
        assertRefused(
                "POST",
                "/v1/volumes",
                "{\"name\":\"v2\",\"size\":\"1Gi\",\"replicas\":2}",
                400,
                "unknown field \\\"replicas\\\"");
        assertRefused(
                "POST",
                "/v1/volumes",
                "{\"name\":\"v2\",\"size\":\"1Gi\",\"dataLocality\":\"always\"}",
                400,
                "not a valid volume request");
        assertRefused("POST", "/v1/volumes", "{\"name\":\"v1\",\"size\":\"1Gi\"}", 409, "volume v1 already exists");
        assertRefused(
                "POST",
                "/v1/volumes/v1/expand",
                "{\"size\":\"512Mi\"}",
                400,
                "volume v1 cannot shrink from 1 GiB to 512 MiB");
        assertRefused(
                "POST",
                "/v1/volumes/v1/expand",
                "{\"size\":1073745000}",
                400,
                "size must be a positive multiple of 4096");
        assertRefused("POST", "/v1/volumes/v1/attach", "{\"node\":\"n9\"}", 400, "there is no node n9");
        assertRefused("POST", "/v1/volumes/v1/attach", "{}", 400, "the body needs \\\"node\\\"");
        assertRefused("POST", "/v1/volumes/nope/attach", "{\"node\":\"n1\"}", 404, "volume nope not found");
        assertRefused("POST", "/v1/nodes/n1/scheduling", "{\"allow\":\"no\"}", 400, "\\\"allow\\\": true or false");
        assertRefused("POST", "/v1/nodes/n9/eviction", "{\"requested\":true}", 404, "node n9 not found");

        assertThat(api.store.revision()).isEqualTo(revision);
    }

    @Test
    void attachDetachExpandAndDelete() {
        client.createVolume(VolumeRequest.of("v1", GI).withNumberOfReplicas(1));

        assertThat(client.attach("v1", "n1").spec().nodeId()).isEqualTo("n1");
        assertThat(client.attach("v1", "n1").spec().nodeId())
                .as("again: no change")
                .isEqualTo("n1");
        assertThatThrownBy(() -> client.attach("v1", "n2"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("volume v1 is attached to node n1; detach it first");
        assertThat(client.expand("v1", 2 * GI).spec().size()).isEqualTo(2 * GI);
        assertThat(client.expand("v1", 2 * GI).spec().size())
                .as("the same size: no change")
                .isEqualTo(2 * GI);
        assertThat(client.detach("v1").spec().nodeId()).isEmpty();
        assertThat(client.attach("v1", "n2").spec().nodeId()).isEqualTo("n2");

        HttpResponse<String> deleted = api.send("DELETE", "/v1/volumes/v1", null);
        assertThat(deleted.statusCode()).isEqualTo(202);
        Volume marked = api.store.get(Kind.VOLUME, "v1").orElseThrow();
        assertThat(marked.metadata().deletionTimestamp()).isNotNull();
        assertThat(client.deleteVolume("v1").metadata().deletionTimestamp())
                .as("deleting twice keeps the first mark")
                .isEqualTo(marked.metadata().deletionTimestamp());
        assertThatThrownBy(() -> client.expand("v1", 4 * GI))
                .isInstanceOf(ConflictException.class)
                .hasMessage("volume v1 is being deleted and cannot be expanded");
        assertThatThrownBy(() -> client.deleteVolume("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void replacingAVolumeKeepsTheRules() {
        Volume created = client.createVolume(VolumeRequest.of("v1", GI));
        assertThatThrownBy(() ->
                        client.store().update(created.withSpec(created.spec().withSize(GI / 2))))
                .isInstanceOf(ApiRequestException.class)
                .hasMessageContaining("cannot shrink");
        assertThatThrownBy(() ->
                        client.store().update(created.withSpec(created.spec().withNodeId("n9"))))
                .hasMessage("there is no node n9");
        Volume grown = client.store().update(created.withSpec(created.spec().withSize(2 * GI)));
        assertThat(grown.spec().size()).isEqualTo(2 * GI);
        assertThatThrownBy(() -> client.store().update(created)).isInstanceOf(ConflictException.class);
    }

    @Test
    void nodeSchedulingAndEvictionSwitches() {
        assertThat(client.setScheduling("n1", false).spec().allowScheduling()).isFalse();
        assertThat(client.setEviction("n1", true).spec().evictionRequested()).isTrue();
        Node stored = api.store.get(Kind.NODE, "n1").orElseThrow();
        assertThat(stored.spec().allowScheduling()).isFalse();
        assertThat(stored.spec().evictionRequested()).isTrue();
        assertThat(client.setScheduling("n1", true).spec().allowScheduling()).isTrue();
    }

    private void assertRefused(String method, String path, String body, int status, String reason) {
        HttpResponse<String> response = api.send(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + " " + body).isEqualTo(status);
        assertThat(response.body())
                .as(method + " " + path + " " + body)
                .contains(reason)
                .startsWith("{\"error\":");
    }
}
