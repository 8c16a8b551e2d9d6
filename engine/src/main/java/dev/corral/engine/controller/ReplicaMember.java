package dev.corral.engine.controller;

import dev.corral.engine.replica.ReplicaConnection;
import java.time.Instant;
import java.util.Optional;

/**
 * One replica of a volume as the controller sees it: where it is, its mode, and why it failed. A
 * mode moves WO -> RW when a rebuild completes and anything -> ERR on failure, never back; the
 * first failure reason is the one kept.
 */
public final class ReplicaMember {
    private final String address;
    private final ReplicaConnection connection; // null when the replica could not be reached at start
    private volatile ReplicaMode mode;
    private volatile String failureReason;
    private volatile Instant failedAt;

    ReplicaMember(String address, ReplicaConnection connection, ReplicaMode mode) {
        this.address = address;
        this.connection = connection;
        this.mode = mode;
    }

    static ReplicaMember unreachable(String address, String reason) {
        ReplicaMember member = new ReplicaMember(address, null, ReplicaMode.ERR);
        member.failureReason = reason;
        member.failedAt = Instant.now();
        return member;
    }

    public String address() {
        return address;
    }

    public ReplicaMode mode() {
        return mode;
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    public Optional<Instant> failedAt() {
        return Optional.ofNullable(failedAt);
    }

    ReplicaConnection connection() {
        return connection;
    }

    boolean takesWrites() {
        return mode != ReplicaMode.ERR;
    }

    boolean servesReads() {
        return mode == ReplicaMode.RW;
    }

    /** WO -> RW once its rebuild is verified; returns false when it was not WO (failed meanwhile). */
    synchronized boolean promote() {
        if (mode != ReplicaMode.WO) {
            return false;
        }
        mode = ReplicaMode.RW;
        return true;
    }

    /** Moves the replica to ERR; returns false when it already was. */
    synchronized boolean fail(String reason) {
        if (mode == ReplicaMode.ERR) {
            return false;
        }
        mode = ReplicaMode.ERR;
        failureReason = reason;
        failedAt = Instant.now();
        return true;
    }

    public ReplicaStatus status() {
        return new ReplicaStatus(address, mode, failureReason, failedAt);
    }

    /** An immutable view for the control API. */
    public record ReplicaStatus(String address, ReplicaMode mode, String failureReason, Instant failedAt) {}
}
