package dev.corral.console.dashboard;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Volume;
import dev.corral.console.state.ClusterState;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardViewModelTest {
    @Test
    void countsVolumesByRobustnessAndNodesByState() {
        ClusterState state = new ClusterState();
        DashboardViewModel vm = new DashboardViewModel(state);
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(node("node-2", true, false)),
                added(node("node-3", false, true)),
                added(volume("a", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of())),
                added(volume("b", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-1", List.of())),
                added(volume("c", Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of())),
                added(volume("d", Volume.State.DETACHED, Volume.Robustness.FAULTED, "", List.of()))));
        DashboardViewModel.Summary s = vm.summary().get();
        assertThat(List.of(s.healthy(), s.degraded(), s.faulted(), s.detached()))
                .containsExactly(2, 1, 1, 2);
        assertThat(List.of(s.nodesReady(), s.nodesDown(), s.nodesUnschedulable()))
                .containsExactly(2, 1, 1);
    }
}
