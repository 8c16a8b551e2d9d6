package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, from the per-replica outcomes of one fanned-out mutation, which replicas leave the
 * volume and what the client is told. The rules (docs/engine.md, "Failure rules"):
 *
 * <ul>
 *   <li>If at least one RW replica succeeded, and is still healthy when the verdict is taken, the
 *       operation succeeded and every replica that failed it is failed (it no longer holds the
 *       acknowledged data). A success from a replica that another operation failed meanwhile does
 *       not count: two concurrent writes, each succeeding on a different replica, must never both be
 *       acknowledged while each fails the other's replica, or no replica would hold both.
 *   <li>If no RW replica succeeded and some ran out of space, the client gets ENOSPC, and the RW
 *       replicas that ran out of space stay: failing them would lose the last copies of the data over
 *       a condition the operator can fix. Replicas that failed for another reason are failed.
 *   <li>If every replica rejected the request as invalid, the request was bad: nobody is failed.
 *   <li>Otherwise the client gets EIO and the failing replicas are failed.
 * </ul>
 */
final class FanOutVerdict {
    private FanOutVerdict() {}

    /** One replica's outcome; {@code failure == null} means it succeeded. */
    record Outcome(ReplicaMember member, ReplicaMode modeWhenSent, Throwable failure) {
        IoError error() {
            return BlockIoException.classify(failure);
        }
    }

    /** Replicas to fail with their reasons, and the client's error ({@code null} = success). */
    record Verdict(List<Outcome> toFail, IoError clientError, String clientMessage) {
        boolean succeeded() {
            return clientError == null;
        }
    }

    /** Must run under the volume's membership lock, so that no replica is failed meanwhile. */
    static Verdict decide(List<Outcome> outcomes) {
        List<Outcome> failed = new ArrayList<>();
        boolean rwSucceeded = false;
        boolean rwOutOfSpace = false;
        boolean allInvalid = !outcomes.isEmpty();
        for (Outcome outcome : outcomes) {
            if (outcome.failure() == null) {
                rwSucceeded |= outcome.modeWhenSent() == ReplicaMode.RW
                        && outcome.member().mode() != ReplicaMode.ERR;
                allInvalid = false;
                continue;
            }
            failed.add(outcome);
            IoError error = outcome.error();
            rwOutOfSpace |= error == IoError.NO_SPACE && outcome.modeWhenSent() == ReplicaMode.RW;
            allInvalid &= error == IoError.INVALID;
        }
        if (rwSucceeded) {
            return new Verdict(failed, null, null);
        }
        if (outcomes.isEmpty()) {
            return new Verdict(List.of(), IoError.IO, "no healthy replica left");
        }
        if (allInvalid) {
            return new Verdict(List.of(), IoError.INVALID, firstMessage(failed));
        }
        if (rwOutOfSpace) {
            List<Outcome> toFail = failed.stream()
                    .filter(o -> o.error() != IoError.NO_SPACE || o.modeWhenSent() != ReplicaMode.RW)
                    .toList();
            return new Verdict(toFail, IoError.NO_SPACE, "every healthy replica is out of space");
        }
        return new Verdict(failed, IoError.IO, "every replica failed: " + firstMessage(failed));
    }

    private static String firstMessage(List<Outcome> failed) {
        return failed.isEmpty()
                ? ""
                : String.valueOf(failed.getFirst().failure().getMessage());
    }
}
