package dev.corral.api.model;

import java.util.List;
import java.util.Optional;

/** A resource type: its kind name, the plural used in API paths, and its Java type. */
public record Kind<T extends Resource>(String name, String plural, Class<T> type) {
    public static final Kind<Node> NODE = new Kind<>("Node", "nodes", Node.class);
    public static final Kind<Volume> VOLUME = new Kind<>("Volume", "volumes", Volume.class);
    public static final Kind<Replica> REPLICA = new Kind<>("Replica", "replicas", Replica.class);
    public static final Kind<Engine> ENGINE = new Kind<>("Engine", "engines", Engine.class);
    public static final Kind<Settings> SETTINGS = new Kind<>("Settings", "settings", Settings.class);

    public static List<Kind<?>> all() {
        return List.of(NODE, VOLUME, REPLICA, ENGINE, SETTINGS);
    }

    public static Optional<Kind<?>> byPlural(String plural) {
        return all().stream().filter(k -> k.plural().equals(plural)).findFirst();
    }

    public static Optional<Kind<?>> byName(String name) {
        return all().stream().filter(k -> k.name().equals(name)).findFirst();
    }

    @SuppressWarnings("unchecked")
    public static <T extends Resource> Kind<T> of(T resource) {
        return (Kind<T>)
                switch (resource) {
                    case Node n -> NODE;
                    case Volume v -> VOLUME;
                    case Replica r -> REPLICA;
                    case Engine e -> ENGINE;
                    case Settings s -> SETTINGS;
                };
    }

    public T cast(Resource resource) {
        return type.cast(resource);
    }
}
