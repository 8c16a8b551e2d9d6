package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A volume's size is bounded by the maxVolumeSize setting and by the largest disk; a refusal stores nothing. */
class VolumeBoundsTest {
    private static final long GI = 1L << 30;

    private final ApiFixture api = ApiFixture.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aFourExbibyteVolumeIsRefusedAndNothingIsStored() {
        long revision = api.store.revision();

        HttpResponse<String> refused =
                api.send("POST", "/v1/volumes", "{\"name\":\"huge\",\"size\":" + (4L << 60) + "}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("size 4 EiB (4611686018427387904 bytes) is larger than the cluster's maxVolumeSize"
                        + " setting, 64 TiB");
        assertThat(api.store.list(Kind.VOLUME)).isEmpty();
        assertThat(api.store.revision()).isEqualTo(revision);
    }

    @Test
    void theSettingBoundsCreateReplaceAndExpand() {
        Settings settings = api.store.get(Kind.SETTINGS, Settings.NAME).orElseThrow();
        api.store.update(settings.withSpec(settings.spec().withMaxVolumeSize(2 * GI)));

        assertThat(api.send("POST", "/v1/volumes", "{\"name\":\"big\",\"size\":\"3Gi\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.send("POST", "/v1/volumes", "{\"name\":\"ok\",\"size\":\"2Gi\"}")
                        .statusCode())
                .isEqualTo(201);
        Volume stored = api.store.get(Kind.VOLUME, "ok").orElseThrow();

        HttpResponse<String> expand = api.send("POST", "/v1/volumes/ok/expand", "{\"size\":\"3Gi\"}");
        HttpResponse<String> replace = api.send(
                "PUT",
                "/v1/volumes/ok",
                ResourceJson.write(stored.withSpec(stored.spec().withSize(3 * GI))));

        assertThat(expand.statusCode()).isEqualTo(400);
        assertThat(expand.body()).contains("maxVolumeSize setting, 2 GiB");
        assertThat(replace.statusCode()).isEqualTo(400);
        assertThat(api.store.get(Kind.VOLUME, "ok")).contains(stored);
    }

    @Test
    void aVolumeNoDiskCouldHoldIsRefusedOnceDisksReportTheirSize() {
        // Before any disk reports, only the setting bounds a size.
        assertThat(api.send("POST", "/v1/volumes", "{\"name\":\"early\",\"size\":\"20Gi\"}")
                        .statusCode())
                .isEqualTo(201);
        node("n1", 10 * GI, GI);
        node("n2", 4 * GI, 0);
        long revision = api.store.revision();

        HttpResponse<String> refused = api.send("POST", "/v1/volumes", "{\"name\":\"big\",\"size\":\"10Gi\"}");
        HttpResponse<String> expand = api.send("POST", "/v1/volumes/early/expand", "{\"size\":\"30Gi\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("size 10 GiB (10737418240 bytes) fits on no disk: the largest takes 9 GiB (disk default"
                        + " (/srv/n1) of node n1: 10 GiB less 1 GiB reserved, at 100% over-provisioning)");
        assertThat(expand.statusCode()).isEqualTo(400);
        assertThat(api.store.revision()).isEqualTo(revision);
        assertThat(api.send("POST", "/v1/volumes", "{\"name\":\"fits\",\"size\":\"9Gi\"}")
                        .statusCode())
                .isEqualTo(201);
    }

    private void node(String name, long maximum, long reserved) {
        Node node = new Node(
                ObjectMeta.named(name),
                new Node.Spec(
                        "127.0.0.1",
                        true,
                        List.of(),
                        "",
                        Map.of("default", new Node.DiskSpec("/srv/" + name, true, reserved, List.of())),
                        false),
                new Node.Status(
                        List.of(),
                        null,
                        null,
                        null,
                        Map.of("default", new Node.DiskStatus("/srv/" + name, maximum, maximum, 0, List.of()))));
        api.store.create(node);
    }
}
