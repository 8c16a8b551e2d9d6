package dev.corral.api.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code POST /v1/engines/{volume}/expand}: the new size in bytes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExpandRequest(long size) {}
