package dev.corral.api.store;

/** A registered watch; closing it stops its events. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
