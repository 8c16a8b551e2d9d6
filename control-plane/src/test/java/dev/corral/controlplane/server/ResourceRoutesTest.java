package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.RemoteStore;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Settings;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourceRoutesTest {
    private final ApiFixture api = ApiFixture.start();
    private final RemoteStore remote = new RemoteStore(api.endpoint());

    @AfterEach
    void stop() {
        remote.close();
        api.close();
    }

    static Node node(String name) {
        return new Node(
                ObjectMeta.named(name), new Node.Spec("127.0.0.1", true, List.of("ssd"), "z1", Map.of(), false), null);
    }

    @Test
    void remoteStoreCreatesReadsUpdatesAndDeletes() {
        Node created = remote.create(node("n1"));
        assertThat(created.metadata().resourceVersion()).isPositive();
        assertThat(created.metadata().uid()).isNotBlank();
        assertThat(remote.get(Kind.NODE, "n1")).contains(created);
        assertThat(remote.list(Kind.NODE)).containsExactly(created);
        assertThat(remote.revision()).isEqualTo(created.metadata().resourceVersion());

        Node updated = remote.update(created.withSpec(created.spec().withAllowScheduling(false)));
        assertThat(updated.spec().allowScheduling()).isFalse();
        assertThat(updated.metadata().resourceVersion())
                .isGreaterThan(created.metadata().resourceVersion());

        // The version read first is stale now: the store's optimistic check answers 409.
        assertThatThrownBy(() -> remote.update(created.withSpec(created.spec().withEvictionRequested(true))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> remote.create(node("n1"))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(
                        () -> remote.delete(Kind.NODE, "n1", created.metadata().resourceVersion()))
                .isInstanceOf(ConflictException.class);

        remote.delete(Kind.NODE, "n1", updated.metadata().resourceVersion());
        assertThat(remote.get(Kind.NODE, "n1")).isEmpty();
        assertThatThrownBy(() -> remote.delete(Kind.NODE, "n1", 0)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> remote.update(updated)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void defaultSettingsExistFromTheStart() {
        assertThat(remote.get(Kind.SETTINGS, Settings.NAME)).map(Settings::spec).contains(Settings.defaults());
        HttpResponse<String> refused = api.send("PUT", "/v1/settings/default", """
                {"metadata":{"name":"default","resourceVersion":1},"spec":{"defaultReplicaCount":0,
                 "defaultDataPath":"data","replicaSoftAntiAffinity":false,"replicaZoneSoftAntiAffinity":true,
                 "storageOverProvisioningPercentage":100,"storageMinimalAvailablePercentage":25,
                 "replicaReplenishmentWaitIntervalSeconds":600,"concurrentReplicaRebuildPerNodeLimit":5,
                 "nodeDownTimeoutSeconds":10}}""");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("defaultReplicaCount must be between 1 and 20");
    }

    @Test
    void listsCarryTheStoreRevisionInKubernetesShape() {
        remote.create(node("n2"));
        remote.create(node("n1"));
        HttpResponse<String> list = api.send("GET", "/v1/nodes", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body())
                .startsWith("{\"apiVersion\":\"corral.dev/v1alpha1\",\"kind\":\"NodeList\",\"metadata\":"
                        + "{\"resourceVersion\":" + api.store.revision() + "}")
                .contains("\"kind\":\"Node\"");
        assertThat(remote.list(Kind.NODE)).extracting(Node::name).containsExactly("n1", "n2");
    }

    @Test
    void errorsAreJsonWithReasonAndCode() {
        HttpResponse<String> unknownKind = api.send("GET", "/v1/foos", null);
        assertThat(unknownKind.statusCode()).isEqualTo(404);
        assertThat(unknownKind.headers().firstValue("content-type")).contains("application/json");
        assertThat(unknownKind.body())
                .isEqualTo("{\"error\":\"unknown kind 'foos'; the API serves nodes, volumes, replicas, engines, "
                        + "settings\",\"code\":\"NotFound\"}");

        HttpResponse<String> missing = api.send("GET", "/v1/nodes/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"node nope not found\",\"code\":\"NotFound\"}");

        HttpResponse<String> malformed = api.send("POST", "/v1/nodes", "{\"metadata\": {\"name\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body())
                .contains("malformed JSON: Unexpected end-of-input")
                .contains("\"code\":\"BadRequest\"");

        HttpResponse<String> wrongShape =
                api.send("POST", "/v1/nodes", nodeJson("n").replace("\"disks\":{}", "\"disks\":3"));
        assertThat(wrongShape.statusCode()).isEqualTo(400);
        assertThat(wrongShape.body()).contains("not a valid Node").contains("(at spec.disks)");

        HttpResponse<String> incomplete =
                api.send("POST", "/v1/nodes", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"address\":\"a\"}}");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body())
                .contains("not a valid Node: a boolean value is required (at spec.allowScheduling)");

        HttpResponse<String> wrongKind =
                api.send("POST", "/v1/nodes", "{\"kind\":\"Volume\",\"metadata\":{\"name\":\"n\"}}");
        assertThat(wrongKind.statusCode()).isEqualTo(400);
        assertThat(wrongKind.body()).contains("the body is a Volume but this path takes a Node");

        HttpResponse<String> renamed = api.send("PUT", "/v1/nodes/a", nodeJson("b"));
        assertThat(renamed.statusCode()).isEqualTo(400);
        assertThat(renamed.body()).contains("does not match the path's node a");

        HttpResponse<String> notAllowed = api.send("PATCH", "/v1/nodes/a", "{}");
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(notAllowed.body()).contains("\"code\":\"MethodNotAllowed\"");
        assertThat(api.store.list(Kind.NODE)).isEmpty();
    }

    /** A node as a client sends it. */
    static String nodeJson(String name) {
        return ResourceJson.write(node(name));
    }
}
