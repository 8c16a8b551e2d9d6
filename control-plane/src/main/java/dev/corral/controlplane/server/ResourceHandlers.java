package dev.corral.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Settings;
import dev.corral.api.store.Store;
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
        check(resource);
        T created = store.create(resource);
        return Reply.created(created, location.apply(created.name()));
    }

    <T extends Resource> Reply update(Caller caller, Kind<T> kind, String name, JsonNode body) {
        T resource = RequestBodies.resource(kind, body);
        if (!resource.name().equals(name)) {
            throw ApiException.badRequest(
                    "metadata.name '" + resource.name() + "' does not match the path's " + Modify.describe(kind, name));
        }
        check(resource);
        if (caller instanceof Caller.OfNode) {
            NodeScope.checkUpdate(caller, Modify.get(store, kind, name), resource);
        }
        return Reply.ok(store.update(resource));
    }

    Reply delete(Kind<?> kind, String name, long resourceVersion) {
        store.delete(kind, name, resourceVersion);
        return Reply.noContent();
    }

    /** The few rules a generic write must keep for other code to rely on. */
    private static void check(Resource resource) {
        if (resource instanceof Settings settings) {
            if (!Settings.NAME.equals(settings.name())) {
                throw ApiException.badRequest("the one Settings object is named " + Settings.NAME);
            }
            if (settings.spec() == null) {
                throw ApiException.badRequest("settings need a spec");
            }
            int replicas = settings.spec().defaultReplicaCount();
            if (replicas < 1 || replicas > VolumeRules.MAX_REPLICAS) {
                throw ApiException.badRequest(
                        "defaultReplicaCount must be between 1 and " + VolumeRules.MAX_REPLICAS + ", got " + replicas);
            }
        }
    }
}
