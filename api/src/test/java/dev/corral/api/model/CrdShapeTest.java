package dev.corral.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource records are the one description of each kind: on Kubernetes a custom resource is a
 * thin binding of a kind's own Spec and Status records (as below), and fabric8's CRD generator
 * derives the schema from them, with the JSON names and enum values the API uses. A change to a
 * record that the generator could not read, or that renamed a field on the wire, fails here.
 */
class CrdShapeTest {
    @Group("corral.dev")
    @Version("v1alpha1")
    @Kind("Volume")
    static final class VolumeBinding extends CustomResource<Volume.Spec, Volume.Status> implements Namespaced {}

    @Group("corral.dev")
    @Version("v1alpha1")
    @Kind("Node")
    static final class NodeBinding extends CustomResource<Node.Spec, Node.Status> implements Namespaced {}

    @Group("corral.dev")
    @Version("v1alpha1")
    @Kind("Replica")
    static final class ReplicaBinding extends CustomResource<Replica.Spec, Replica.Status> implements Namespaced {}

    @Group("corral.dev")
    @Version("v1alpha1")
    @Kind("Engine")
    static final class EngineBinding extends CustomResource<Engine.Spec, Engine.Status> implements Namespaced {}

    @Group("corral.dev")
    @Version("v1alpha1")
    @Kind("Settings")
    static final class SettingsBinding extends CustomResource<Settings.Spec, Void> implements Namespaced {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyKindBecomesACrdWhoseSchemaIsTheRecordsJson(@TempDir Path out) throws Exception {
        int generated = new CRDGenerator()
                .inOutputDir(out.toFile())
                .customResourceClasses(
                        VolumeBinding.class,
                        NodeBinding.class,
                        ReplicaBinding.class,
                        EngineBinding.class,
                        SettingsBinding.class)
                .generate();
        assertThat(generated).isEqualTo(5);

        JsonNode volume = schema(out, "volumes");
        assertThat(fieldNames(volume.path("spec").path("properties")))
                .containsExactlyInAnyOrder(
                        "size",
                        "numberOfReplicas",
                        "dataLocality",
                        "staleReplicaTimeoutSeconds",
                        "nodeSelector",
                        "diskSelector",
                        "nodeId");
        // Enum values as the API writes them, not the Java constant names.
        assertThat(volume.at("/spec/properties/dataLocality/enum").toString())
                .isEqualTo("[\"best-effort\",\"disabled\"]");
        assertThat(volume.at("/status/properties/robustness/enum").toString()).contains("\"degraded\"");
        assertThat(volume.at("/status/properties/conditions/items/properties/reason/type")
                        .asText())
                .isEqualTo("string");

        JsonNode replica = schema(out, "replicas");
        assertThat(fieldNames(replica.path("spec").path("properties"))).contains("nodeId", "dataDirectory");
        assertThat(fieldNames(schema(out, "engines").path("status").path("properties")))
                .contains("replicaModes", "endpoint");
        assertThat(fieldNames(schema(out, "nodes").path("spec").path("properties")))
                .contains("disks");
        assertThat(fieldNames(schema(out, "settings").path("spec").path("properties")))
                .contains("defaultReplicaCount");
    }

    private static JsonNode schema(Path out, String plural) throws Exception {
        JsonNode crd = YAML.readTree(Files.readString(out.resolve(plural + ".corral.dev-v1.yml")));
        assertThat(crd.at("/spec/versions/0/subresources").has("status") || plural.equals("settings"))
                .as("%s has a status subresource", plural)
                .isTrue();
        return crd.at("/spec/versions/0/schema/openAPIV3Schema/properties");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
