package dev.corral.console.placement;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.engineRebuilding;
import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.replica;
import static dev.corral.console.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.console.state.ClusterState;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementViewModelTest {
    private final ClusterState state = new ClusterState();
    private final PlacementViewModel vm = new PlacementViewModel(state);

    @Test
    void eachReplicaIsInItsVolumesLineUnderItsNodeWithTheRebuildPercent() {
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(node("node-2", false, true)),
                added(node("node-3", true, false)),
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-1", List.of())),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, ReplicaMode.RW)),
                added(replica("r2", "v1", "node-2", InstanceState.STOPPED, ReplicaMode.ERR)),
                added(replica("r3", "v1", "node-3", InstanceState.RUNNING, ReplicaMode.WO)),
                added(engineRebuilding("v1", "node-1", "r3", 256L << 20, 1L << 30))));

        PlacementViewModel.Grid grid = vm.grid().get();
        assertThat(grid.columns())
                .containsExactly(
                        new PlacementViewModel.Column("node-1", true, true),
                        new PlacementViewModel.Column("node-2", false, true),
                        new PlacementViewModel.Column("node-3", true, false));
        PlacementViewModel.Line line = grid.lines().getFirst();
        assertThat(line.robustness()).isEqualTo(Volume.Robustness.DEGRADED);
        assertThat(line.cells().get("node-1").getFirst().label()).isEqualTo("RW");
        assertThat(line.cells().get("node-2").getFirst().label()).isEqualTo("ERR");
        assertThat(line.cells().get("node-3").getFirst().label()).isEqualTo("WO 25%");
    }

    @Test
    void detachedReplicasShowWhetherTheyAreServedAndEmptyCellsAreAbsent() {
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(node("node-2", true, true)),
                added(volume("v1", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of())),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, null))));

        PlacementViewModel.Line line = vm.grid().get().lines().getFirst();
        assertThat(line.cells()).containsOnlyKeys("node-1");
        assertThat(line.cells().get("node-1").getFirst().state()).isEqualTo(PlacementCell.State.UP);
    }
}
