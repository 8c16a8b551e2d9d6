package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code POST /v1/replicas}: serve the replica in {@code dir}, created with {@code size} bytes when empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaRequest(String name, String dir, long size) {}
