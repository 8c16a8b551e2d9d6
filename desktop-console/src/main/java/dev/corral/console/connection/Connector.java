package dev.corral.console.connection;

import java.util.function.Consumer;

/** Opens a {@link Link} to a target, reporting each step; blocks, so it runs off the UI thread. */
@FunctionalInterface
public interface Connector {
    Link open(ConnectionTarget target, Consumer<String> progress) throws Exception;
}
