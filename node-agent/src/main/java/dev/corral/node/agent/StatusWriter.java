package dev.corral.node.agent;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.Store;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Read, change, write, and on a conflict read again: the agent shares objects with the control
 * plane (it writes a replica's status while the control plane writes its spec and mode), so every
 * write starts from the stored object and changes only the agent's fields. Nothing is written when
 * the change leaves the object as it is, which keeps an idle node from writing anything but its
 * heartbeat.
 */
final class StatusWriter {
    private static final int ATTEMPTS = 10;

    private final Store store;

    StatusWriter(Store store) {
        this.store = store;
    }

    /** The object after the change, or empty when there is no such object (any more). */
    <T extends Resource> Optional<T> modify(Kind<T> kind, String name, UnaryOperator<T> change) {
        ConflictException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<T> current = store.get(kind, name);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            T changed = change.apply(current.get());
            if (changed.equals(current.get())) {
                return current;
            }
            try {
                return Optional.of(store.update(changed));
            } catch (ConflictException e) {
                last = e; // someone wrote in between: start again from what is stored now
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        }
        throw last;
    }
}
