package dev.corral.controlplane.server;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.Store;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Read, change, write, and on a conflict read again: the control plane and agents write the same
 * objects' status concurrently, so an operator's action must not fail just because a heartbeat or
 * a status update landed between its read and its write.
 */
final class Modify {
    private static final int ATTEMPTS = 10;

    private Modify() {}

    /**
     * Applies {@code change} to the stored object and writes it; an unchanged result is not
     * written. {@code change} may throw {@link ApiException} to refuse the action.
     */
    static <T extends Resource> T apply(Store store, Kind<T> kind, String name, UnaryOperator<T> change) {
        for (int attempt = 1; ; attempt++) {
            T current = get(store, kind, name);
            T next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            try {
                return store.update(next);
            } catch (ConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw new ConflictException(describe(kind, name) + " kept changing during " + ATTEMPTS
                            + " attempts to update it; try again");
                }
            }
        }
    }

    static <T extends Resource> T get(Store store, Kind<T> kind, String name) {
        return store.get(kind, name).orElseThrow(() -> new NotFoundException(describe(kind, name) + " not found"));
    }

    /** "volume pvc-1": how reasons name an object. */
    static String describe(Kind<?> kind, String name) {
        return kind.name().toLowerCase(Locale.ROOT) + " " + name;
    }
}
