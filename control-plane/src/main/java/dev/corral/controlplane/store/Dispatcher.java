package dev.corral.controlplane.store;

import dev.corral.api.model.Kind;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.api.store.WatchListener;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: a queue the store fills in revision order (under its write lock) and a virtual
 * thread of its own that empties it into the listener. The queue is unbounded so that a slow
 * listener delays only itself, never a writer or another watch.
 */
final class Dispatcher implements Watch {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Wakes the thread after close; never delivered, the thread checks {@code closed} first. */
    private static final WatchEvent WAKE_UP = new WatchEvent(WatchEvent.Type.SYNCED, null, -1);

    private final String name;
    private final Set<Kind<?>> kinds;
    private final WatchListener listener;
    private final Consumer<Dispatcher> onClose;
    private final BlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    Dispatcher(String name, Set<Kind<?>> kinds, WatchListener listener, Consumer<Dispatcher> onClose) {
        this.name = name;
        this.kinds = Set.copyOf(kinds);
        this.listener = listener;
        this.onClose = onClose;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    boolean wants(Kind<?> kind) {
        return kinds.contains(kind);
    }

    void offer(WatchEvent event) {
        if (!closed) {
            queue.add(event);
        }
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchEvent event = queue.take();
                if (closed) {
                    return;
                }
                deliver(event);
            }
        } catch (InterruptedException e) {
            // Nothing interrupts this thread but a shutdown of the JVM; stop quietly.
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(WatchEvent event) {
        try {
            listener.onEvent(event);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The listener's bug must not cost it the rest of the stream: a controller that
            // missed one event can resync, one that gets no more events cannot.
            log.warn(
                    "watch {}: listener failed on {} {} at revision {}; delivering the next events",
                    name,
                    event.type(),
                    event.resource() == null ? "" : event.resource().name(),
                    event.revision(),
                    e);
        }
    }

    /**
     * Stops delivery: no event is handed to the listener after this returns, except one the
     * listener is already being given. Safe to call from the listener itself.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        queue.clear();
        queue.add(WAKE_UP);
    }
}
