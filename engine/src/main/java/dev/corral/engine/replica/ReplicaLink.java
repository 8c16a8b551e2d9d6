package dev.corral.engine.replica;

import java.util.function.Consumer;

/**
 * The connection to one remote replica server, apart from what travels over it: where it goes,
 * and how the controller learns that it died. Every remote role completes its futures
 * exceptionally with a {@link dev.corral.engine.block.BlockIoException}: the replica's own error
 * (IO, NO_SPACE, INVALID), TIMED_OUT when it did not answer in time, DISCONNECTED when the
 * connection is gone.
 */
public interface ReplicaLink extends AutoCloseable {
    /** host:port of the replica server. */
    String address();

    /**
     * Called once, from any thread, when the connection is considered dead: lost, or a request or
     * ping not answered within the timeout. Every request in flight has failed by then.
     */
    void onFailure(Consumer<Throwable> listener);

    @Override
    void close();
}
