package dev.corral.console.connection;

/** An open connection: the actions, a health probe, and closing it (its watch too). */
public interface Link extends ClusterActions, AutoCloseable {
    /** Throws when the API cannot be reached now. */
    void probe();

    @Override
    void close();
}
