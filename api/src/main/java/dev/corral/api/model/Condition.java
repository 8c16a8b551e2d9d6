package dev.corral.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One observed aspect of a resource, as Kubernetes conditions are: a type ("Ready",
 * "Scheduled"), whether it holds, a machine-readable reason (CamelCase) and a message for people.
 */
public record Condition(String type, Status status, String reason, String message, Instant lastTransitionTime) {
    public enum Status {
        True,
        False,
        Unknown
    }

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    public static Condition of(String type, boolean holds, String reason, String message, Instant now) {
        return new Condition(type, holds ? Status.True : Status.False, reason, message, now);
    }

    @JsonIgnore
    public boolean isTrue() {
        return status == Status.True;
    }

    /**
     * {@code conditions} with {@code next} in place of the condition of its type. The transition
     * time moves only when the status changes, so rewriting an unchanged condition is a no-op
     * (reconcile loops rewrite their conditions on every pass).
     */
    public static List<Condition> put(List<Condition> conditions, Condition next) {
        List<Condition> out = new ArrayList<>(conditions == null ? List.of() : conditions);
        for (int i = 0; i < out.size(); i++) {
            Condition old = out.get(i);
            if (old.type().equals(next.type())) {
                Instant since = old.status() == next.status() ? old.lastTransitionTime() : next.lastTransitionTime();
                out.set(i, new Condition(next.type(), next.status(), next.reason(), next.message(), since));
                return List.copyOf(out);
            }
        }
        out.add(next);
        return List.copyOf(out);
    }

    /** The condition of {@code type}, or null. */
    public static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> c.type().equals(type))
                .findFirst()
                .orElse(null);
    }
}
