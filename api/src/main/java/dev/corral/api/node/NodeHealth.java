package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /v1/health}: the pid lets an agent tell its instance from a process that reused the port. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeHealth(String status, long pid, int replicas, int engines) {}
