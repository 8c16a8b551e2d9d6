package dev.corral.console.state;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.deleted;
import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatcherTest {
    private final ClusterState state = new ClusterState();
    private final List<Runnable> uiTasks = new ArrayList<>();
    private final EventBatcher batcher = new EventBatcher(state, uiTasks::add);

    @Test
    void aBurstOfEventsIsOneUiTaskAndOneStateTick() {
        for (int i = 0; i < 1000; i++) {
            batcher.onEvent(added(node("node-" + i, true, true)));
        }
        batcher.onEvent(synced());
        batcher.flush();

        assertThat(uiTasks).hasSize(1);
        assertThat(state.nodes()).isEmpty(); // nothing changes off the UI thread
        long before = state.version().get();
        uiTasks.getFirst().run();
        assertThat(state.nodes()).hasSize(1000);
        assertThat(state.synced().get()).isTrue();
        assertThat(state.version().get()).isEqualTo(before + 1);
    }

    @Test
    void anEmptyIntervalPostsNothing() {
        batcher.flush();
        assertThat(uiTasks).isEmpty();
    }

    @Test
    void eventsApplyInOrderAndAReplayedAddedIsAnUpdate() {
        batcher.onEvent(added(node("node-1", true, true)));
        batcher.onEvent(added(node("node-1", false, true)));
        batcher.onEvent(added(node("node-2", true, true)));
        batcher.onEvent(deleted(node("node-2", true, true)));
        batcher.flush();
        uiTasks.forEach(Runnable::run);

        assertThat(state.nodes()).containsOnlyKeys("node-1");
        assertThat(state.nodes().get("node-1").ready()).isFalse();
    }
}
