package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ResourceJson;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Disk paths from clients are absolute, normal and outside the system; replica directories are the
 * system's. Every refusal leaves the store as it was.
 */
class DiskPathRoutesTest {
    private final ApiFixture api = ApiFixture.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/               | holds more than a disk",
                "/etc            | inside the system directory /etc",
                "/usr/local/data | inside the system directory /usr",
                "/var/lib/dpkg   | inside the system directory /var/lib/dpkg",
                "/proc/1         | inside the system directory /proc",
                "data            | is not an absolute path",
                "/srv/d/../../etc | is not in normal form (write it as '/etc')",
                "/srv/d/         | is not in normal form (write it as '/srv/d')",
                "/srv//d         | is not in normal form",
                "''              | a disk needs a path",
            })
    void aNodeWithABadDiskPathIsRefused(String path, String reason) {
        long revision = api.store.revision();

        HttpResponse<String> refused = api.send("POST", "/v1/nodes", ResourceJson.write(node("n1", path)));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("spec.disks.default.path of node n1")
                .contains(reason);
        assertThat(api.store.list(Kind.NODE)).isEmpty();
        assertThat(api.store.revision()).isEqualTo(revision);
    }

    @Test
    void aDiskCannotBeMovedOntoTheSystemAndAGoodPathIsStored() {
        HttpResponse<String> created = api.send("POST", "/v1/nodes", ResourceJson.write(node("n1", "/var/lib/corral")));
        assertThat(created.statusCode()).isEqualTo(201);
        Node stored = api.store.get(Kind.NODE, "n1").orElseThrow();

        Node moved = node("n1", "/boot/corral").withMetadata(stored.metadata());
        HttpResponse<String> refused = api.send("PUT", "/v1/nodes/n1", ResourceJson.write(moved));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("inside the system directory /boot");
        assertThat(api.store.get(Kind.NODE, "n1")).contains(stored);
    }

    @Test
    void aReplicaDirectoryFromAClientIsRefusedAndNothingIsStored() {
        api.store.create(node("n1", "/srv/disk1"));
        long revision = api.store.revision();

        HttpResponse<String> refused =
                api.send("POST", "/v1/replicas", ResourceJson.write(replica("pvc-1-r-1", "/etc")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("spec.dataDirectory of replica pvc-1-r-1 is the system's: on disk default of node n1 it is"
                        + " /srv/disk1/replicas/pvc-1-r-1, not /etc; leave it out");
        assertThat(api.store.list(Kind.REPLICA)).isEmpty();
        assertThat(api.store.revision()).isEqualTo(revision);

        HttpResponse<String> climbing = api.send("POST", "/v1/replicas", ResourceJson.write(replica("..", "")));
        assertThat(climbing.statusCode()).isEqualTo(400);
        assertThat(climbing.body()).contains("invalid replica name '..'");
        assertThat(api.store.revision()).isEqualTo(revision);
    }

    @Test
    void aReplicaGetsItsDirectoryComputedAndKeepsIt() {
        api.store.create(node("n1", "/srv/disk1"));

        HttpResponse<String> created = api.send("POST", "/v1/replicas", ResourceJson.write(replica("pvc-1-r-1", "")));

        assertThat(created.statusCode()).isEqualTo(201);
        Replica stored = api.store.get(Kind.REPLICA, "pvc-1-r-1").orElseThrow();
        assertThat(stored.spec().dataDirectory()).isEqualTo("/srv/disk1/replicas/pvc-1-r-1");

        ObjectNode moved = ResourceJson.mapper().valueToTree(stored);
        ((ObjectNode) moved.get("spec")).put("dataDirectory", "/etc");
        HttpResponse<String> refused = api.send("PUT", "/v1/replicas/pvc-1-r-1", moved.toString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("replica pvc-1-r-1 stays where it is");
        assertThat(api.store.get(Kind.REPLICA, "pvc-1-r-1")).contains(stored);

        // Left out on a replace, it stays what it was.
        ((ObjectNode) moved.get("spec")).put("dataDirectory", "");
        ((ObjectNode) moved.get("spec")).put("desireState", "stopped");
        HttpResponse<String> replaced = api.send("PUT", "/v1/replicas/pvc-1-r-1", moved.toString());
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(api.store.get(Kind.REPLICA, "pvc-1-r-1").orElseThrow().spec().dataDirectory())
                .isEqualTo("/srv/disk1/replicas/pvc-1-r-1");
    }

    private static Node node(String name, String diskPath) {
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec(
                        "127.0.0.1",
                        true,
                        List.of(),
                        "",
                        Map.of("default", new Node.DiskSpec(diskPath, true, 0, List.of())),
                        false),
                null);
    }

    private static Replica replica(String name, String dataDirectory) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec("pvc-1", "n1", "default", dataDirectory, 1L << 30, null, null, null),
                null);
    }
}
