package dev.corral.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Kubernetes-shaped object: apiVersion, kind, metadata, spec and status. The same types become
 * custom resources on a real cluster; here they live in the control plane's {@code Store}.
 */
@JsonIgnoreProperties(
        value = {"apiVersion", "kind"},
        allowGetters = true)
public sealed interface Resource permits Node, Volume, Replica, Engine, Settings {
    String API_VERSION = "corral.dev/v1alpha1";

    ObjectMeta metadata();

    /** The same object with other metadata (the store sets versions and creation fields). */
    Resource withMetadata(ObjectMeta metadata);

    @JsonProperty("apiVersion")
    default String apiVersion() {
        return API_VERSION;
    }

    @JsonProperty("kind")
    default String kind() {
        return Kind.of(this).name();
    }

    default String name() {
        return metadata().name();
    }
}
