package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.corral.api.model.ReplicaMode;

/** One replica as a running engine sees it: its address, mode and why it failed (null while it did not). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineReplica(String address, ReplicaMode mode, String failureReason) {}
