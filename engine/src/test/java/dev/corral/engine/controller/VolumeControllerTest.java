package dev.corral.engine.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.replica.ReplicaConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class VolumeControllerTest {
    private static final int SIZE = 64 * 1024;

    private final FakeReplica a = new FakeReplica("a:1", SIZE);
    private final FakeReplica b = new FakeReplica("b:1", SIZE);
    private final FakeReplica c = new FakeReplica("c:1", SIZE);

    private VolumeController open(FakeReplica... replicas) {
        Map<String, FakeReplica> byAddress = new HashMap<>();
        for (FakeReplica r : replicas) {
            byAddress.put(r.address(), r);
        }
        ReplicaConnector connector = address -> byAddress.containsKey(address)
                ? CompletableFuture.completedFuture((ReplicaConnection) byAddress.get(address))
                : CompletableFuture.failedFuture(new ConnectException("connection refused"));
        List<String> addresses =
                Arrays.stream(replicas).map(FakeReplica::address).toList();
        return VolumeController.open("vol", SIZE, addresses, connector).join();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static String readText(VolumeController volume, long offset, int length) {
        ByteBuf buf = volume.read(offset, length).join();
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void replicasSmallerThanTheVolumeGrowBeforeItServesAndKeepTheirData() {
        FakeReplica small1 = new FakeReplica("a:1", SIZE / 2);
        FakeReplica small2 = new FakeReplica("b:1", SIZE / 2);
        FakeReplica larger = new FakeReplica("c:1", SIZE * 2);
        for (FakeReplica r : List.of(small1, small2)) {
            r.write(100, text("kept"));
        }

        VolumeController volume = open(small1, small2, larger);

        assertThat(volume.replicas())
                .extracting(ReplicaStatus::address, ReplicaStatus::mode)
                .containsExactly(
                        tuple("a:1", ReplicaMode.RW), tuple("b:1", ReplicaMode.RW), tuple("c:1", ReplicaMode.ERR));
        assertThat(volume.replicas().get(2).failureReason())
                .contains("replica size " + SIZE * 2 + " differs from volume size " + SIZE
                        + " (a replica only grows to its volume's size)");
        assertThat(small1.bytes()).hasSize(SIZE);
        assertThat(small2.bytes()).hasSize(SIZE);
        assertThat(readText(volume, 100, 4)).isEqualTo("kept");
        volume.write(SIZE - 4, text("tail"), false).join();
        assertThat(new String(small2.bytes(), SIZE - 4, 4, StandardCharsets.UTF_8))
                .isEqualTo("tail");
    }

    @Test
    void aReplicaThatCannotGrowStartsInErrWithTheReason() {
        FakeReplica small = new FakeReplica("a:1", SIZE / 2);
        FakeReplica whole = new FakeReplica("b:1", SIZE);
        FakeReplica failing = new FakeReplica("c:1", SIZE / 2);
        failing.growFailsWith = IoError.NO_SPACE;

        VolumeController volume = open(small, whole, failing);

        assertThat(volume.replicas())
                .extracting(ReplicaStatus::mode)
                .containsExactly(ReplicaMode.RW, ReplicaMode.RW, ReplicaMode.ERR);
        assertThat(volume.replicas().get(2).failureReason())
                .startsWith("cannot grow from " + SIZE / 2 + " to the volume's " + SIZE + " bytes")
                .contains("c:1 cannot grow");
    }

    @Test
    void writeReachesEveryReplica() {
        VolumeController volume = open(a, b, c);
        volume.write(100, text("hello"), false).join();
        for (FakeReplica r : List.of(a, b, c)) {
            assertThat(new String(r.bytes(), 100, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void failingReplicaIsMarkedErrAndTheWriteStillSucceeds() {
        VolumeController volume = open(a, b, c);
        List<String> reported = new CopyOnWriteArrayList<>();
        volume.onReplicaFailed(status -> reported.add(status.address()));
        b.failWith = IoError.IO;

        volume.write(0, text("data"), false).join();

        assertThat(volume.replicas())
                .extracting(ReplicaMember.ReplicaStatus::mode)
                .containsExactly(ReplicaMode.RW, ReplicaMode.ERR, ReplicaMode.RW);
        assertThat(volume.replicas().get(1).failureReason()).contains("b:1 fails with IO");
        assertThat(reported).containsExactly("b:1");
        assertThat(b.closed).isTrue();
    }

    @Test
    void readsMoveOnToAnotherReplicaWhenOneFails() {
        VolumeController volume = open(a, b);
        volume.write(0, text("abc"), false).join();
        a.failWith = IoError.IO;
        b.failWith = null;
        for (int i = 0; i < 4; i++) {
            assertThat(readText(volume, 0, 3)).isEqualTo("abc");
        }
        assertThat(volume.replicas().getFirst().mode()).isEqualTo(ReplicaMode.ERR);
    }

    @Test
    void noReplicaLeftGivesAnIoErrorInsteadOfHanging() {
        VolumeController volume = open(a, b);
        a.failWith = IoError.IO;
        b.failWith = IoError.IO;
        assertThatThrownBy(() -> volume.write(0, text("x"), false).join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(BlockIoException.classify(e)).isEqualTo(IoError.IO));
        assertThatThrownBy(() -> volume.read(0, 1).join())
                .satisfies(e -> assertThat(BlockIoException.classify(e)).isEqualTo(IoError.IO));
    }

    @Test
    void outOfSpaceOnEveryReplicaKeepsThemAndReportsEnospc() {
        VolumeController volume = open(a, b);
        volume.write(0, text("kept"), false).join();
        a.failWith = IoError.NO_SPACE;
        b.failWith = IoError.NO_SPACE;

        assertThatThrownBy(() -> volume.write(10, text("more"), false).join())
                .satisfies(e -> assertThat(BlockIoException.classify(e)).isEqualTo(IoError.NO_SPACE));
        assertThat(volume.replicas())
                .extracting(ReplicaMember.ReplicaStatus::mode)
                .containsOnly(ReplicaMode.RW);

        a.failWith = null;
        b.failWith = null;
        assertThat(readText(volume, 0, 4)).isEqualTo("kept");
    }

    @Test
    void outOfSpaceOnSomeReplicasFailsOnlyThose() {
        VolumeController volume = open(a, b, c);
        c.failWith = IoError.NO_SPACE;
        volume.write(0, text("ok"), false).join();
        assertThat(volume.replicas())
                .extracting(ReplicaMember.ReplicaStatus::mode)
                .containsExactly(ReplicaMode.RW, ReplicaMode.RW, ReplicaMode.ERR);
    }

    @Test
    void rangesOutsideTheVolumeAreRejectedWithoutTouchingReplicas() {
        VolumeController volume = open(a);
        assertThatThrownBy(() -> volume.write(SIZE - 2, text("toolong"), false).join())
                .satisfies(e -> assertThat(BlockIoException.classify(e)).isEqualTo(IoError.INVALID));
        assertThatThrownBy(() -> volume.read(-1, 10).join())
                .satisfies(e -> assertThat(BlockIoException.classify(e)).isEqualTo(IoError.INVALID));
        assertThat(a.bytes()).containsOnly(0);
        assertThat(volume.replicas().getFirst().mode()).isEqualTo(ReplicaMode.RW);
    }

    @Test
    void unreachableReplicaStartsInErrWithTheReason() {
        Map<String, FakeReplica> byAddress = Map.of(a.address(), a);
        ReplicaConnector connector = address -> byAddress.containsKey(address)
                ? CompletableFuture.completedFuture((ReplicaConnection) byAddress.get(address))
                : CompletableFuture.failedFuture(new ConnectException("connection refused"));
        VolumeController volume = VolumeController.open("vol", SIZE, List.of("a:1", "gone:1"), connector)
                .join();
        assertThat(volume.replicas().get(1).mode()).isEqualTo(ReplicaMode.ERR);
        assertThat(volume.replicas().get(1).failureReason()).contains("connection refused");
        volume.write(0, text("fine"), false).join();
    }

    @Test
    void connectionFailureReportedByTheClientFailsTheReplica() {
        VolumeController volume = open(a, b);
        b.failureListener.accept(new BlockIoException(IoError.TIMED_OUT, "no answer within 8s"));
        assertThat(volume.replicas().get(1).mode()).isEqualTo(ReplicaMode.ERR);
        assertThat(volume.replicas().get(1).failureReason()).contains("no answer within 8s");
    }

    @Test
    void writeZeroesWithNoHoleWritesZerosEverywhere() {
        VolumeController volume = open(a, b);
        volume.write(0, text("xxxxxxxx"), false).join();
        volume.writeZeroes(2, 4, true, true).join();
        assertThat(readText(volume, 0, 8)).isEqualTo("xx\0\0\0\0xx");
        assertThat(b.bytes()[3]).isZero();
    }

    @Test
    void snapshotIsTakenOnEveryReplica() {
        VolumeController volume = open(a, b, c);
        volume.write(0, text("before"), false).join();
        volume.snapshots().create("s1").join();
        for (FakeReplica r : List.of(a, b, c)) {
            assertThat(r.snapshots).containsExactly("s1");
        }
        volume.write(0, text("after!"), false).join();
        assertThat(readText(volume, 0, 6)).isEqualTo("after!");
    }

    @Test
    void aSnapshotEveryReplicaRefusesFailsNobody() {
        VolumeController volume = open(a, b);
        a.failWith = IoError.INVALID;
        b.failWith = IoError.INVALID;
        assertThatThrownBy(() -> volume.snapshots().create("bad/name").join())
                .satisfies(e -> assertThat(BlockIoException.classify(e)).isEqualTo(IoError.INVALID));
        assertThat(volume.replicas())
                .extracting(ReplicaMember.ReplicaStatus::mode)
                .containsOnly(ReplicaMode.RW);
        a.failWith = null;
        b.failWith = null;
        volume.write(0, text("still writable"), false).join();
    }
}
