package dev.corral.api.model;

/** A replica's mode as its volume's engine sees it (the engine's own modes, by name). */
public enum ReplicaMode {
    RW,
    WO,
    ERR
}
