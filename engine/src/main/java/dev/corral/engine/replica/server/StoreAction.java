package dev.corral.engine.replica.server;

import java.io.IOException;

/** A store call without a result, run where it does not block the event loop. */
@FunctionalInterface
interface StoreAction {
    void run() throws IOException;
}
