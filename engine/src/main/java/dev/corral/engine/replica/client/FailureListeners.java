package dev.corral.engine.replica.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** onFailure listeners: each is called exactly once, also when it is added after the failure. */
final class FailureListeners {
    private static final Logger LOG = LoggerFactory.getLogger(FailureListeners.class);

    private final List<Consumer<Throwable>> waiting = new ArrayList<>();
    private Throwable failure; // guarded by this

    void add(Consumer<Throwable> listener) {
        Throwable fired;
        synchronized (this) {
            if (failure == null) {
                waiting.add(listener);
                return;
            }
            fired = failure;
        }
        call(listener, fired);
    }

    void fire(Throwable cause) {
        List<Consumer<Throwable>> toCall;
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = cause;
            toCall = List.copyOf(waiting);
            waiting.clear();
        }
        toCall.forEach(listener -> call(listener, cause));
    }

    private static void call(Consumer<Throwable> listener, Throwable cause) {
        try {
            listener.accept(cause);
        } catch (RuntimeException e) {
            LOG.warn("replica failure listener threw", e);
        }
    }
}
