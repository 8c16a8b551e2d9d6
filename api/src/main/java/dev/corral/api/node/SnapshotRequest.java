package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code POST /v1/engines/{volume}/snapshots}: take snapshot {@code name} (also the answer). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotRequest(String name) {}
