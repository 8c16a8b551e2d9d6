package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Settings;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every setting is range-checked at the door; a refused write leaves the stored settings as they were. */
class SettingsRangeTest {
    private final ApiFixture api = ApiFixture.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nodeDownTimeoutSeconds           | -1         | nodeDownTimeoutSeconds must be between 1 and 31536000, got -1",
                "nodeDownTimeoutSeconds           | 0          | nodeDownTimeoutSeconds must be between 1 and 31536000, got 0",
                "storageOverProvisioningPercentage| -100       | storageOverProvisioningPercentage must be between 1 and 1000, got -100",
                "storageMinimalAvailablePercentage| 101        | storageMinimalAvailablePercentage must be between 0 and 100, got 101",
                "storageMinimalAvailablePercentage| -1         | storageMinimalAvailablePercentage must be between 0 and 100, got -1",
                "replicaReplenishmentWaitIntervalSeconds | -5  | replicaReplenishmentWaitIntervalSeconds must be between 0 and 31536000, got -5",
                "concurrentReplicaRebuildPerNodeLimit | -1     | concurrentReplicaRebuildPerNodeLimit must be between 0 and 100, got -1",
                "defaultReplicaCount              | 21         | defaultReplicaCount must be between 1 and 20, got 21",
                "maxVolumeSize                    | 4095       | maxVolumeSize must be a multiple of 4096 bytes from 4096 to",
                "maxVolumeSize                    | 10000      | maxVolumeSize must be a multiple of 4096 bytes",
            })
    void aNumberOutOfItsRangeIsRefusedAndChangesNothing(String field, long value, String reason) {
        Settings before = stored();
        ObjectNode body = ResourceJson.mapper().valueToTree(before);
        ((ObjectNode) body.get("spec")).put(field, value);

        HttpResponse<String> refused = api.send("PUT", "/v1/settings/default", body.toString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(reason);
        assertThat(stored()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "../elsewhere | must be a directory below the agent's",
                "data/../..   | must be a directory below the agent's",
                "/            | holds more than a disk",
                "/etc/corral  | inside the system directory /etc",
            })
    void aDataPathOutsideTheAgentsOrInTheSystemIsRefused(String path, String reason) {
        Settings before = stored();
        ObjectNode body = ResourceJson.mapper().valueToTree(before);
        ((ObjectNode) body.get("spec")).put("defaultDataPath", path);

        HttpResponse<String> refused = api.send("PUT", "/v1/settings/default", body.toString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("defaultDataPath").contains(reason);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void valuesInRangeAreStoredAndSettingsWithoutMaxVolumeSizeReadTheDefault() {
        Settings before = stored();
        Settings changed = before.withSpec(before.spec().withNodeDownTimeout(30).withMaxVolumeSize(1L << 40));

        HttpResponse<String> accepted = api.send("PUT", "/v1/settings/default", ResourceJson.write(changed));

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(stored().spec()).isEqualTo(changed.spec());

        // Written before the setting existed (or by a client that leaves it out): the default.
        ObjectNode old = ResourceJson.mapper().valueToTree(stored());
        ((ObjectNode) old.get("spec")).remove("maxVolumeSize");
        assertThat(api.send("PUT", "/v1/settings/default", old.toString()).statusCode())
                .isEqualTo(200);
        assertThat(stored().spec().maxVolumeSize()).isEqualTo(Settings.DEFAULT_MAX_VOLUME_SIZE);
    }

    private Settings stored() {
        return api.store.get(Kind.SETTINGS, Settings.NAME).orElseThrow();
    }
}
