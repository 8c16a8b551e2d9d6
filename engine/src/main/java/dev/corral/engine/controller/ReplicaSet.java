package dev.corral.engine.controller;

import dev.corral.engine.controller.FanOutVerdict.Outcome;
import dev.corral.engine.controller.FanOutVerdict.Verdict;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.util.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of one volume and their modes. Every mode change and every fan-out verdict happens
 * under one lock, so a verdict always sees the modes other verdicts left; the side effects of a
 * failure (closing the connection, which completes other requests, and telling listeners) run
 * outside it.
 */
final class ReplicaSet {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSet.class);

    private final String volume;
    private final List<ReplicaMember> members = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReplicaStatus>> failureListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    ReplicaSet(String volume, List<ReplicaMember> initial) {
        this.volume = volume;
        initial.forEach(this::add);
    }

    void add(ReplicaMember member) {
        members.add(member);
        if (member.connection() != null) {
            member.connection()
                    .onFailure(failure -> fail(member, "replica connection failed: " + Failures.rootMessage(failure)));
        }
    }

    /** Replicas that take writes (RW and WO), in a stable order. */
    List<ReplicaMember> writers() {
        List<ReplicaMember> writers = new ArrayList<>(members.size());
        for (ReplicaMember member : members) {
            if (member.takesWrites()) {
                writers.add(member);
            }
        }
        return writers;
    }

    /** True while a replica is being rebuilt: writes must then reach it as whole blocks. */
    boolean hasWriteOnly() {
        for (ReplicaMember member : members) {
            if (member.mode() == ReplicaMode.WO) {
                return true;
            }
        }
        return false;
    }

    /** Makes a rebuilt replica RW, unless it failed meanwhile. */
    boolean promote(ReplicaMember member) {
        synchronized (lock) {
            return member.promote();
        }
    }

    /** Takes a replica out of the volume (failing it first if it still served), by address. */
    boolean remove(String address) {
        for (ReplicaMember member : members) {
            if (member.address().equals(address)) {
                fail(member, "removed by the operator");
                members.remove(member);
                return true;
            }
        }
        return false;
    }

    /** Forgets a failed replica at {@code address}, so that it can be attached again. */
    void removeFailed(String address) {
        members.removeIf(m -> m.address().equals(address) && m.mode() == ReplicaMode.ERR);
    }

    /** Replicas that serve reads (RW). */
    List<ReplicaMember> readable() {
        return members.stream().filter(ReplicaMember::servesReads).toList();
    }

    List<ReplicaStatus> statuses() {
        return members.stream().map(ReplicaMember::status).toList();
    }

    void onFailure(Consumer<ReplicaStatus> listener) {
        failureListeners.add(listener);
    }

    /** Fails {@code member} unless it already is. */
    void fail(ReplicaMember member, String reason) {
        boolean changed;
        synchronized (lock) {
            changed = member.fail(reason);
        }
        if (changed) {
            afterFailure(member);
        }
    }

    /** Takes and applies the verdict on one fanned-out operation. */
    Verdict settle(List<Outcome> outcomes) {
        Verdict verdict;
        List<ReplicaMember> newlyFailed = new ArrayList<>();
        synchronized (lock) {
            verdict = FanOutVerdict.decide(outcomes);
            for (Outcome failed : verdict.toFail()) {
                if (failed.member().fail("write failed: " + Failures.rootMessage(failed.failure()))) {
                    newlyFailed.add(failed.member());
                }
            }
        }
        newlyFailed.forEach(this::afterFailure);
        return verdict;
    }

    private void afterFailure(ReplicaMember member) {
        log.warn(
                "volume {}: replica {} is now ERR: {}",
                volume,
                member.address(),
                member.failureReason().orElse(""));
        if (member.connection() != null) {
            member.connection().close();
        }
        ReplicaStatus status = member.status();
        failureListeners.forEach(listener -> listener.accept(status));
    }

    void closeAll() {
        for (ReplicaMember member : members) {
            if (member.connection() != null) {
                member.connection().close();
            }
        }
    }
}
