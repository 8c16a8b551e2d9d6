package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeRequest;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml describes what the server serves: every route, and the resources' fields. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static JsonNode spec;

    @BeforeAll
    static void read() throws IOException {
        spec = new YAMLMapper().readTree(Path.of("..", "docs", "openapi.yaml").toFile());
    }

    @Test
    void isOpenApi31() {
        assertThat(spec.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(spec.path("components")
                        .path("securitySchemes")
                        .path("basic")
                        .path("scheme")
                        .asText())
                .isEqualTo("basic");
    }

    @Test
    void everyRouteTheServerRegistersIsDocumentedAndNothingElse() {
        Set<String> documented = new TreeSet<>();
        spec.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        try (ApiFixture api = ApiFixture.start()) {
            List<String> served = api.server().routes();
            assertThat(served).hasSizeGreaterThan(30).contains("GET /v1/events", "POST /v1/volumes/{name}/attach");
            assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(spec.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void resourceSchemasHaveTheRecordsFields() {
        Map<String, Class<? extends Record>> schemas = Map.ofEntries(
                Map.entry("ObjectMeta", ObjectMeta.class),
                Map.entry("Condition", Condition.class),
                Map.entry("VolumeSpec", Volume.Spec.class),
                Map.entry("VolumeStatus", Volume.Status.class),
                Map.entry("NodeSpec", Node.Spec.class),
                Map.entry("NodeDiskSpec", Node.DiskSpec.class),
                Map.entry("NodeStatus", Node.Status.class),
                Map.entry("NodeDiskStatus", Node.DiskStatus.class),
                Map.entry("ReplicaSpec", Replica.Spec.class),
                Map.entry("ReplicaStatus", Replica.Status.class),
                Map.entry("EngineSpec", Engine.Spec.class),
                Map.entry("EngineStatus", Engine.Status.class),
                Map.entry("EngineRebuildProgress", Engine.RebuildProgress.class),
                Map.entry("SettingsSpec", Settings.Spec.class),
                Map.entry("SnapshotInfo", SnapshotInfo.class),
                Map.entry("VolumeRequest", VolumeRequest.class));
        schemas.forEach((name, type) -> {
            Set<String> documented = new TreeSet<>();
            spec.path("components")
                    .path("schemas")
                    .path(name)
                    .path("properties")
                    .fieldNames()
                    .forEachRemaining(documented::add);
            Set<String> fields = new TreeSet<>();
            Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName)
                    .forEach(fields::add);
            assertThat(documented).as(name).isEqualTo(fields);
        });
        for (String kind : List.of("Volume", "Node", "Replica", "Engine", "Settings")) {
            assertThat(spec.path("components")
                            .path("schemas")
                            .path(kind)
                            .path("properties")
                            .path("kind")
                            .path("const")
                            .asText())
                    .isEqualTo(kind);
        }
    }

    @Test
    void errorCodesAreTheServersOwn() {
        List<String> documented = new ArrayList<>();
        spec.path("components")
                .path("schemas")
                .path("Error")
                .path("properties")
                .path("code")
                .path("enum")
                .forEach(code -> documented.add(code.asText()));
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
