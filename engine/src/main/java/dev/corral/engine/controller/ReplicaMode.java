package dev.corral.engine.controller;

/**
 * A replica's role in its volume. RW replicas serve reads and take writes; WO replicas take writes
 * while they are rebuilt; ERR replicas are out of the volume until rebuilt.
 */
public enum ReplicaMode {
    RW,
    WO,
    ERR
}
