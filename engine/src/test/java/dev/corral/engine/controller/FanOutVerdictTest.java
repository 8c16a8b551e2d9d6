package dev.corral.engine.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.FanOutVerdict.Outcome;
import dev.corral.engine.controller.FanOutVerdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutVerdictTest {
    private final ReplicaMember a = new ReplicaMember("a:1", null, ReplicaMode.RW);
    private final ReplicaMember b = new ReplicaMember("b:1", null, ReplicaMode.RW);

    private static Outcome ok(ReplicaMember m) {
        return new Outcome(m, ReplicaMode.RW, null);
    }

    private static Outcome failed(ReplicaMember m, IoError error) {
        return new Outcome(m, ReplicaMode.RW, new BlockIoException(error, m.address() + " " + error));
    }

    @Test
    void concurrentWritesThatSucceedOnDifferentReplicasCannotBothFailTheOther() {
        // Write 1 succeeded on a and ran out of space on b: b is failed.
        Verdict first = FanOutVerdict.decide(List.of(ok(a), failed(b, IoError.NO_SPACE)));
        assertThat(first.succeeded()).isTrue();
        assertThat(first.toFail()).extracting(Outcome::member).containsExactly(b);
        b.fail("write failed");

        // Write 2, in flight meanwhile, succeeded on b (now ERR) and ran out of space on a.
        Verdict second = FanOutVerdict.decide(List.of(failed(a, IoError.NO_SPACE), ok(b)));
        assertThat(second.succeeded()).isFalse();
        assertThat(second.clientError()).isEqualTo(IoError.NO_SPACE);
        assertThat(second.toFail()).isEmpty(); // a holds every acknowledged write: it must stay
    }

    @Test
    void invalidEverywhereFailsNobody() {
        Verdict verdict = FanOutVerdict.decide(List.of(failed(a, IoError.INVALID), failed(b, IoError.INVALID)));
        assertThat(verdict.clientError()).isEqualTo(IoError.INVALID);
        assertThat(verdict.toFail()).isEmpty();
    }

    @Test
    void mixedFailuresWithoutSuccessGiveEioAndFailTheBrokenReplica() {
        Verdict verdict = FanOutVerdict.decide(List.of(failed(a, IoError.IO), failed(b, IoError.NO_SPACE)));
        assertThat(verdict.clientError()).isEqualTo(IoError.NO_SPACE);
        assertThat(verdict.toFail()).extracting(Outcome::member).containsExactly(a);
    }

    @Test
    void aWriteOnlyReplicaSucceedingAloneIsNotEnough() {
        Outcome wo = new Outcome(b, ReplicaMode.WO, null);
        Verdict verdict = FanOutVerdict.decide(List.of(failed(a, IoError.IO), wo));
        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.clientError()).isEqualTo(IoError.IO);
    }
}
