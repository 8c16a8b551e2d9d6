package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code POST /v1/engines/{volume}/replicas}: attach the replica server at {@code address} and
 * rebuild it live, copying at most {@code bandwidthLimit} bytes per second (0: no limit).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddReplicaRequest(String address, long bandwidthLimit) {}
