package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A running replica server: where it keeps its data and where engines reach it (HOST:PORT).
 * {@code size} is the replica's own: an existing replica keeps its size.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaView(String name, String dir, String address, long size) {}
