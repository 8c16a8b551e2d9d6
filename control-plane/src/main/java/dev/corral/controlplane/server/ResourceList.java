package dev.corral.controlplane.server;

import dev.corral.api.model.Resource;
import java.util.List;

/**
 * A list answer in Kubernetes' shape. {@code metadata.resourceVersion} is the store's revision
 * read before listing: every write up to it is in {@code items}.
 */
public record ResourceList<T extends Resource>(String apiVersion, String kind, ListMeta metadata, List<T> items) {
    public record ListMeta(long resourceVersion) {}

    static <T extends Resource> ResourceList<T> of(String kindName, long revision, List<T> items) {
        return new ResourceList<>(Resource.API_VERSION, kindName + "List", new ListMeta(revision), items);
    }
}
