package dev.corral.engine.controller;

import dev.corral.engine.replica.ReplicaConnection;
import java.util.concurrent.CompletableFuture;

/** Opens a connection to the replica server at host:port; the composition root supplies it. */
@FunctionalInterface
public interface ReplicaConnector {
    CompletableFuture<ReplicaConnection> connect(String address);
}
