package dev.corral.api.store;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the control plane keeps every resource. Each write advances one store-wide revision and
 * stamps it into the object's {@code metadata.resourceVersion}; an update or delete that carries
 * a version other than the stored one fails with {@link ConflictException} (optimistic
 * concurrency: read, change, write, and on conflict read again). Writes are durable when they
 * return. Controllers see only this interface; the backend is embedded here and Kubernetes custom
 * resources on a cluster.
 */
public interface Store extends AutoCloseable {
    <T extends Resource> Optional<T> get(Kind<T> kind, String name);

    /** Every object of a kind, ordered by name. */
    <T extends Resource> List<T> list(Kind<T> kind);

    /**
     * Stores a new object. Its uid, creation time and resource version are set here.
     *
     * @throws AlreadyExistsException when an object of that kind and name exists
     */
    <T extends Resource> T create(T resource);

    /**
     * Replaces an object, spec and status alike.
     *
     * @throws ConflictException when {@code resource.metadata().resourceVersion()} is not the
     *     stored one
     * @throws NotFoundException when there is no such object
     */
    <T extends Resource> T update(T resource);

    /**
     * Removes an object.
     *
     * @param resourceVersion the version the caller read, or 0 to delete whatever is stored
     * @throws NotFoundException when there is no such object
     * @throws ConflictException when the version does not match
     */
    void delete(Kind<?> kind, String name, long resourceVersion);

    /** The revision of the last write. */
    long revision();

    /**
     * Calls {@code listener} for every later change to objects of {@code kinds}, in revision order,
     * on one thread of the store's. The listener is first given an ADDED event for every object
     * that exists now, then a SYNCED event, so that list-then-watch has no gap.
     */
    Watch watch(Set<Kind<?>> kinds, WatchListener listener);

    @Override
    void close();
}
