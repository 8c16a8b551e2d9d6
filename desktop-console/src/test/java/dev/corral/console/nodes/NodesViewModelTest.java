package dev.corral.console.nodes;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.InstanceState;
import dev.corral.console.RecordingActions;
import dev.corral.console.RecordingDialogs;
import dev.corral.console.state.ClusterState;
import dev.corral.console.ui.Tasks;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodesViewModelTest {
    private final ClusterState state = new ClusterState();
    private final RecordingActions actions = new RecordingActions();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final NodesViewModel vm =
            new NodesViewModel(state, actions, new Tasks(Runnable::run, Runnable::run), dialogs);

    @Test
    void rowsShowReadinessWithTheReasonAndReplicaCounts() {
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(node("node-2", false, false)),
                added(replica("r1", "v1", "node-1", InstanceState.RUNNING, null)),
                added(replica("r2", "v2", "node-1", InstanceState.RUNNING, null))));
        assertThat(vm.rows()).extracting(NodeRow::name).containsExactly("node-1", "node-2");
        assertThat(vm.rows().getFirst().replicas()).isEqualTo(2);
        assertThat(vm.rows().get(1).readiness()).isEqualTo("NodeDown");
        assertThat(vm.rows().get(1).schedulingAllowed()).isFalse();
    }

    @Test
    void schedulingTogglesAndEvictionNeedsConfirmation() {
        vm.setScheduling("node-1", false);
        dialogs.answer = false;
        vm.setEviction("node-1", true);
        dialogs.answer = true;
        vm.setEviction("node-1", true);
        vm.setEviction("node-1", false);
        assertThat(actions.calls)
                .containsExactly("scheduling node-1 false", "eviction node-1 true", "eviction node-1 false");
        assertThat(dialogs.questions).hasSize(2).allMatch(q -> q.contains("\"node-1\""));
    }

    @Test
    void aRefusalIsShownOnTheScreen() {
        actions.failWith = new IllegalStateException("node node-9 not found");
        vm.setScheduling("node-9", true);
        assertThat(vm.error().get()).isEqualTo("Enabling scheduling on node-9 failed: node node-9 not found");
    }
}
