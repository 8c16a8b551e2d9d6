package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.store.Store;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The generic resource routes every kind has: list, get, create, replace and delete, straight
 * onto the store (agents write their Node, Replica and Engine status this way, kept to their own
 * node's by {@link NodeScope}).
 */
final class ResourceHandlers {
    private final Store store;

    ResourceHandlers(Store store) {
        this.store = store;
    }

    <T extends Resource> Reply list(Kind<T> kind) {
        long revision = store.revision();
        return Reply.ok(ResourceList.of(kind.name(), revision, store.list(kind)));
    }

    <T extends Resource> Reply get(Kind<T> kind, String name) {
        return Reply.ok(Modify.get(store, kind, name));
    }

    /** @param location the absolute URL of the kind's collection, for the Location header */
    <T extends Resource> Reply create(Caller caller, Kind<T> kind, JsonNode body, UnaryOperator<String> location) {
        T resource = RequestBodies.resource(kind, body);
        NodeScope.checkCreate(caller, resource);
        T created = store.create(admitNew(resource));
        return Reply.created(created, location.apply(created.name()));
    }

    <T extends Resource> Reply update(Caller caller, Kind<T> kind, String name, JsonNode body) {
        T resource = RequestBodies.resource(kind, body);
        if (!resource.name().equals(name)) {
            throw ApiException.badRequest(
                    "metadata.name '" + resource.name() + "' does not match the path's " + Modify.describe(kind, name));
        }
        T stored = Modify.get(store, kind, name);
        if (caller instanceof Caller.OfNode) {
            // A node may change only a status; its spec is then the stored one, already admitted.
            NodeScope.checkUpdate(caller, stored, resource);
            return Reply.ok(store.update(resource));
        }
        return Reply.ok(store.update(admitReplacement(stored, resource)));
    }

    Reply delete(Kind<?> kind, String name, long resourceVersion) {
        if (kind.equals(Kind.REPLICA)) {
            ReplicaDeletion.check(store, name);
        }
        store.delete(kind, name, resourceVersion);
        return Reply.noContent();
    }

    /** What a new object must satisfy, and the object to store (a replica's directory is computed). */
    private <T extends Resource> T admitNew(T resource) {
        Resource admitted = switch (resource) {
            case Settings settings -> {
                SettingsRules.check(settings);
                yield settings;
            }
            case Node node -> {
                NodeDiskRules.check(node, Optional.empty());
                yield node;
            }
            case Replica replica -> ReplicaRules.admitNew(store, replica);
            default -> resource;
        };
        return cast(resource, admitted);
    }

    /** What an operator's replacement must satisfy, against the object as stored. */
    private static <T extends Resource> T admitReplacement(T stored, T sent) {
        Resource admitted = switch (sent) {
            case Settings settings -> {
                SettingsRules.check(settings);
                yield settings;
            }
            case Node node -> {
                NodeDiskRules.check(node, Optional.of((Node) stored));
                yield node;
            }
            case Replica replica -> ReplicaRules.admitReplacement((Replica) stored, replica);
            default -> sent;
        };
        return cast(sent, admitted);
    }

    @SuppressWarnings("unchecked") // every rule returns an object of the kind it was given
    private static <T extends Resource> T cast(T given, Resource admitted) {
        return (T) given.getClass().cast(admitted);
    }
}
