package dev.corral.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a replica or engine instance is in its node's instance process. */
public enum InstanceState {
    @JsonProperty("stopped")
    STOPPED,
    @JsonProperty("starting")
    STARTING,
    @JsonProperty("running")
    RUNNING,
    @JsonProperty("error")
    ERROR
}
