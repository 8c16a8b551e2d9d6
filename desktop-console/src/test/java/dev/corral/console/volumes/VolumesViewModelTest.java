package dev.corral.console.volumes;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.replica;
import static dev.corral.console.Fixtures.synced;
import static dev.corral.console.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.client.ApiRequestException;
import dev.corral.api.model.Condition;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.ErrorCode;
import dev.corral.console.Fixtures;
import dev.corral.console.RecordingActions;
import dev.corral.console.RecordingDialogs;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.Tasks;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The volumes screen's logic on the test thread: direct executors, no FX toolkit. */
class VolumesViewModelTest {
    private final ClusterState state = new ClusterState();
    private final RecordingActions actions = new RecordingActions();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final VolumesViewModel vm =
            new VolumesViewModel(state, actions, new Tasks(Runnable::run, Runnable::run), dialogs);

    @Test
    void rowsFollowTheStateWithRunningOverDesiredReplicas() {
        threeNodes();
        state.apply(List.of(
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-1", List.of())),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, ReplicaMode.RW)),
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, ReplicaMode.WO)),
                added(replica("r3", "v1", "node-3", InstanceState.STOPPED, null))));

        assertThat(vm.rows()).singleElement().satisfies(row -> {
            assertThat(row.robustness()).isEqualTo(Volume.Robustness.DEGRADED);
            assertThat(row.replicasText()).isEqualTo("1/3");
            assertThat(row.attachedNode()).isEqualTo("node-1");
        });
        assertThat(vm.attachNodes()).containsExactly("node-1", "node-2", "node-3");
    }

    @Test
    void aFailedReplicaOfADetachedVolumeIsNotCountedRunning() {
        threeNodes();
        var failed = replica("r2", "v1", "node-2", InstanceState.RUNNING, null);
        failed = failed.withSpec(failed.spec().withFailedAt(Instant.EPOCH));
        state.apply(List.of(
                added(volume("v1", Volume.State.DETACHED, Volume.Robustness.DEGRADED, "", List.of())),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, null)),
                added(failed)));
        assertThat(vm.rows().getFirst().replicasText()).isEqualTo("1/3");
    }

    @Test
    void filterMatchesNameNodeAndRobustness() {
        threeNodes();
        state.apply(List.of(
                added(volume("pg", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-2", List.of())),
                added(volume("web", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        vm.filter().set("degraded");
        assertThat(vm.rows()).extracting(VolumeRow::name).containsExactly("pg");
        vm.filter().set("we");
        assertThat(vm.rows()).extracting(VolumeRow::name).containsExactly("web");
        vm.filter().set("");
        assertThat(vm.rows()).hasSize(2);
    }

    @Test
    void aRowUpdateReplacesItInPlace() {
        threeNodes();
        state.apply(List.of(
                added(volume("a", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of())),
                added(volume("b", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        VolumeRow a = vm.rows().getFirst();
        state.apply(List.of(added(volume("b", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        assertThat(vm.rows().getFirst()).isSameAs(a);
        assertThat(vm.rows().get(1).state()).isEqualTo(Volume.State.ATTACHED);
    }

    @Test
    void createSendsTheValidatedRequestAndIsDisabledUntilValid() {
        threeNodes();
        vm.newName().set("Bad_Name");
        assertThat(vm.createValid().get()).isFalse();
        assertThat(vm.nameError().get()).isNotEmpty();
        vm.newName().set("pg-data");
        vm.newSize().set("2Gi");
        vm.newReplicas().set(3);
        assertThat(vm.createValid().get()).isTrue();

        vm.create();

        assertThat(actions.calls).containsExactly("create pg-data " + (2L << 30) + " x3");
        assertThat(vm.selected().get()).isEqualTo("pg-data");
        assertThat(vm.newName().get()).isEmpty();
    }

    @Test
    void replicaCountIsCheckedAgainstSchedulableNodes() {
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(node("node-2", true, false)),
                added(node("node-3", false, true))));
        vm.newName().set("v");
        vm.newReplicas().set(2);
        assertThat(vm.createValid().get()).isFalse();
        assertThat(vm.replicasError().get()).contains("1 can take one now");
    }

    @Test
    void theServersReasonIsShownWhereTheOperatorActs() {
        threeNodes();
        actions.failWith = new ApiRequestException(400, ErrorCode.BadRequest, "size must be a multiple of 4096");
        vm.newName().set("v");
        vm.create();
        assertThat(vm.error().get()).isEqualTo("Creating v failed: size must be a multiple of 4096");
        assertThat(vm.busy().get()).isFalse();
    }

    @Test
    void theSelectedVolumesSchedulingProblemIsShown() {
        threeNodes();
        Condition unscheduled = new Condition(
                Volume.SCHEDULED,
                Condition.Status.False,
                "ReplicaSchedulingFailure",
                "node-3: disk default has 1 GiB free, needs 10 GiB",
                Instant.EPOCH);
        state.apply(List.of(
                added(volume("v1", Volume.State.DETACHED, Volume.Robustness.DEGRADED, "", List.of(unscheduled)))));
        vm.selected().set("v1");
        assertThat(vm.selectedProblem().get()).isEqualTo("node-3: disk default has 1 GiB free, needs 10 GiB");
    }

    @Test
    void deleteAsksForConfirmationNamingTheVolume() {
        threeNodes();
        state.apply(List.of(added(volume("pg", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        vm.selected().set("pg");

        dialogs.answer = false;
        vm.delete();
        assertThat(actions.calls).isEmpty();
        assertThat(dialogs.questions).singleElement().asString().contains("\"pg\"");

        dialogs.answer = true;
        vm.delete();
        assertThat(actions.calls).containsExactly("delete pg");
    }

    @Test
    void attachDetachAndExpandActOnTheSelectedVolume() {
        threeNodes();
        state.apply(List.of(added(volume("pg", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()))));
        vm.selected().set("pg");
        vm.attach("node-2");
        vm.detach();
        vm.expand("2Gi");
        vm.expand("lots");
        assertThat(actions.calls).containsExactly("attach pg node-2", "detach pg", "expand pg " + (2L << 30));
        assertThat(vm.error().get()).contains("invalid size 'lots'");
    }

    @Test
    void aDeletedVolumeIsNoLongerSelected() {
        threeNodes();
        var pg = volume("pg", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of());
        state.apply(List.of(added(pg)));
        vm.selected().set("pg");
        state.apply(List.of(Fixtures.deleted(pg)));
        assertThat(vm.selected().get()).isNull();
        assertThat(vm.rows()).isEmpty();
    }

    private void threeNodes() {
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(node("node-2", true, true)),
                added(node("node-3", true, true)),
                synced()));
    }

    @Test
    void aSnapshotOfTheSelectedVolumeIsTakenOrTheEnginesReasonShown() {
        state.apply(
                List.of(added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));
        vm.selected().set("v1");
        vm.snapshot();
        assertThat(actions.calls).contains("snapshot v1 null");
        actions.failWith = new IllegalStateException("volume v1 is not attached; snapshots are handled by its engine");
        vm.snapshot();
        assertThat(vm.error().get()).contains("volume v1 is not attached");
    }
}
