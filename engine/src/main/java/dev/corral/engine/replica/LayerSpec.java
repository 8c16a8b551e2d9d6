package dev.corral.engine.replica;

import java.util.Objects;

/**
 * A snapshot layer as a rebuild source describes it to the target: the identity the target's copy
 * must carry. {@code created} is an ISO-8601 instant.
 */
public record LayerSpec(String name, String created, boolean userCreated, boolean removed) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
    }
}
