package dev.corral.console.state;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.deleted;
import static dev.corral.console.Fixtures.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Replica;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
    @Test
    void replicasOfAVolumeFollowEachBatch() {
        ClusterState state = new ClusterState();
        Replica b = replica("v1-b", "v1", "node-2", InstanceState.RUNNING, null);
        state.apply(List.of(
                added(b),
                added(replica("v1-a", "v1", "node-1", InstanceState.RUNNING, null)),
                added(replica("v2-a", "v2", "node-1", InstanceState.RUNNING, null))));
        assertThat(state.replicasOf("v1")).extracting(Replica::name).containsExactly("v1-a", "v1-b");
        assertThat(state.replicasOf("v3")).isEmpty();

        state.apply(List.of(deleted(b)));
        assertThat(state.replicasOf("v1")).extracting(Replica::name).containsExactly("v1-a");
        state.clear();
        assertThat(state.replicasOf("v2")).isEmpty();
    }
}
