package dev.corral.console.detail;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.engineRebuilding;
import static dev.corral.console.Fixtures.replica;
import static dev.corral.console.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.agent.model.InstanceState;
import dev.corral.agent.model.ReplicaMode;
import dev.corral.agent.model.Volume;
import dev.corral.console.RecordingActions;
import dev.corral.console.RecordingDialogs;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.Tasks;
import dev.corral.engine.replica.LayerInfo;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;

class VolumeDetailViewModelTest {
    private final ClusterState state = new ClusterState();
    private final RecordingActions actions = new RecordingActions();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final StringProperty selected = new SimpleStringProperty();
    private final VolumeDetailViewModel vm =
            new VolumeDetailViewModel(state, actions, new Tasks(Runnable::run, Runnable::run), dialogs, selected);

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
            assertThat(r.text()).isEqualTo("50% at 1.0 MiB/s, 10 s left from r-src");
        });
        assertThat(vm.cards().getFirst().rebuild()).isEmpty();
    }

    @Test
    void snapshotsAreListedWhileAttachedNewestFirstAndDeletedAfterConfirmation() {
        actions.layers = List.of(
                new LayerInfo("snap-1", null, Instant.EPOCH, true, false, 4096, true),
                new LayerInfo("head-2", "snap-1", Instant.EPOCH, false, false, 8192, true));
        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        selected.set("v1");

        assertThat(vm.snapshots()).extracting(SnapshotRow::name).containsExactly("head-2", "snap-1");
        assertThat(vm.snapshots().getFirst().head()).isTrue();

        dialogs.answer = true;
        vm.deleteSnapshot(vm.snapshots().get(1));
        assertThat(dialogs.questions)
                .singleElement()
                .asString()
                .contains("\"snap-1\"")
                .contains("\"v1\"");
        assertThat(actions.calls).contains("delete-snapshot v1 snap-1");

        vm.newSnapshot().set("before-upgrade");
        vm.createSnapshot();
        assertThat(actions.calls).contains("snapshot v1 before-upgrade");
        assertThat(vm.newSnapshot().get()).isEmpty();
    }

    @Test
    void aDetachedVolumeSaysWhereSnapshotsAreAndAsksTheEngineNothing() {
        state.apply(List.of(added(volume("v1", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        selected.set("v1");
        assertThat(vm.snapshots()).isEmpty();
        assertThat(vm.snapshotMessage().get()).contains("while the volume is attached");
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
}
