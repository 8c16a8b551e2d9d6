package dev.corral.console.detail;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.engineRebuilding;
import static dev.corral.console.Fixtures.replica;
import static dev.corral.console.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.OpStats;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.console.Fixtures;
import dev.corral.console.RecordingActions;
import dev.corral.console.RecordingDialogs;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.Tasks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;

class VolumeDetailViewModelTest {
    private final ClusterState state = new ClusterState();
    private final RecordingActions actions = new RecordingActions();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final StringProperty selected = new SimpleStringProperty();
    private final VolumeDetailViewModel vm = new VolumeDetailViewModel(
            state, actions, new Tasks(Runnable::run, Runnable::run), dialogs, selected, () -> 1_000L);

    @Test
    void aCardPerReplicaWithTheRebuildsPercentRateEtaAndSource() {
        state.apply(List.of(
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-1", List.of())),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, ReplicaMode.RW)),
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, ReplicaMode.WO)),
                added(engineRebuilding("v1", "node-1", "r2", 512L << 20, 1L << 30))));
        selected.set("v1");

        assertThat(vm.title().get()).startsWith("v1").contains("degraded").contains("on node-1");
        assertThat(vm.cards()).extracting(ReplicaCard::node).containsExactly("node-1", "node-2");
        ReplicaCard rebuilding = vm.cards().get(1);
        assertThat(rebuilding.mode()).isEqualTo("WO");
        assertThat(rebuilding.rebuild()).hasValueSatisfying(r -> {
            assertThat(r.fraction()).isEqualTo(0.5);
            assertThat(r.running()).isTrue();
            assertThat(r.text()).isEqualTo("50% at 1 MiB/s, 10 s left from r-src");
        });
        assertThat(vm.cards().getFirst().rebuild()).isEmpty();
    }

    @Test
    void snapshotsAreListedWhileAttachedNewestFirstAndDeletedAfterConfirmation() {
        actions.layers = List.of(
                new SnapshotInfo("snap-1", null, Instant.EPOCH, true, false, 4096, true),
                new SnapshotInfo("head-2", "snap-1", Instant.EPOCH, false, false, 8192, true));
        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        selected.set("v1");

        assertThat(vm.snapshots().rows()).extracting(SnapshotRow::name).containsExactly("head-2", "snap-1");
        assertThat(vm.snapshots().rows().getFirst().head()).isTrue();

        dialogs.answer = true;
        vm.snapshots().delete(vm.snapshots().rows().get(1));
        assertThat(dialogs.questions)
                .singleElement()
                .asString()
                .contains("\"snap-1\"")
                .contains("\"v1\"");
        assertThat(actions.calls).contains("delete-snapshot v1 snap-1");

        vm.snapshots().newName().set("before-upgrade");
        vm.snapshots().create();
        assertThat(actions.calls).contains("snapshot v1 before-upgrade");
        assertThat(vm.snapshots().newName().get()).isEmpty();
    }

    @Test
    void aDetachedVolumeSaysWhereSnapshotsAreAndAsksTheEngineNothing() {
        state.apply(List.of(added(volume("v1", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        selected.set("v1");
        assertThat(vm.snapshots().rows()).isEmpty();
        assertThat(vm.snapshots().message().get()).contains("while the volume is attached");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void aBatchThatChangesNothingAboutTheAttachmentDoesNotListSnapshotsAgain() {
        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        selected.set("v1");
        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-1", List.of()))));
        assertThat(actions.calls).containsExactly("snapshots v1");
    }

    @Test
    void theSnapshotTreeShowsABranchUnderItsSnapshotAndRevertAsksFirstThenShowsTheEnginesReason() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        actions.layers = List.of(
                new SnapshotInfo("base", null, t, true, false, 4096, true),
                new SnapshotInfo("gone", "base", t.plusSeconds(1), true, true, 0, true),
                new SnapshotInfo("old-head", "gone", t.plusSeconds(2), false, false, 8192, false),
                new SnapshotInfo("head-3", "gone", t.plusSeconds(3), false, false, 0, true));
        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        selected.set("v1");

        // The removed snapshot is hidden; what was taken on it hangs under "base".
        List<SnapshotNode> roots = vm.snapshots().tree().get();
        assertThat(roots).singleElement().satisfies(root -> {
            assertThat(root.row().name()).isEqualTo("base");
            assertThat(root.children()).extracting(c -> c.row().name()).containsExactly("old-head", "head-3");
            assertThat(root.children().get(0).row().label()).contains("branch");
            assertThat(root.children().get(1).row().head()).isTrue();
        });

        SnapshotRow base = roots.getFirst().row();
        dialogs.answer = false;
        vm.snapshots().revert(base);
        assertThat(dialogs.questions)
                .singleElement()
                .asString()
                .contains("discarded")
                .contains("\"base\"");
        assertThat(actions.calls).doesNotContain("revert v1 base");

        dialogs.answer = true;
        actions.failWith = new IllegalStateException("engine of volume v1: 1 client(s) connected");
        vm.snapshots().revert(base);
        assertThat(vm.snapshots().error().get())
                .isEqualTo("Reverting v1 to base failed: engine of volume v1: 1 client(s) connected");

        actions.failWith = null;
        vm.snapshots().revert(base);
        assertThat(actions.calls).containsSubsequence("revert v1 base", "snapshots v1");
        assertThat(vm.snapshots().error().get()).isEmpty();
        // The head cannot be reverted to.
        vm.snapshots().revert(roots.getFirst().children().get(1).row());
        assertThat(actions.calls).filteredOn(c -> c.startsWith("revert")).hasSize(1);
    }

    @Test
    void volumeIoIsReadOnlyWhileAttachedAndOnScreen() {
        state.apply(List.of(added(volume("v1", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        selected.set("v1");
        vm.io().active().set(true);
        vm.io().poll();
        assertThat(actions.calls).noneMatch(c -> c.startsWith("stats"));
        assertThat(vm.io().message().get()).contains("while the volume is attached");

        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        actions.volumeIo = new VolumeIo("v1", Map.of(IoOp.WRITE, new OpStats(10, 40960, 0, 250, 1 << 20, 1, 2, 3, 4)));
        vm.io().poll();
        assertThat(vm.io().samples()).singleElement().satisfies(s -> {
            assertThat(s.writeOps()).isEqualTo(250);
            assertThat(s.writeBytes()).isEqualTo(1 << 20);
        });
        assertThat(vm.io().now().get()).contains("write 250 IOPS 1 MiB/s");

        vm.io().active().set(false);
        vm.io().poll();
        assertThat(actions.calls).filteredOn(c -> c.startsWith("stats")).hasSize(1);
    }

    @Test
    void aReplicaOnADownNodeSaysSoRatherThanItsLastReportedState() {
        state.apply(List.of(
                added(Fixtures.node("node-1", true, true)),
                added(Fixtures.node("node-2", false, true)),
                added(volume("v1", Volume.State.DETACHED, Volume.Robustness.DEGRADED, "", List.of())),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, null)),
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, null))));
        selected.set("v1");
        assertThat(vm.cards()).extracting(ReplicaCard::mode).containsExactly("running", "node down");
    }
}
