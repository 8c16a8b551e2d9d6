package dev.corral.console.events;

import static dev.corral.console.Fixtures.added;
import static dev.corral.console.Fixtures.deleted;
import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.replica;
import static dev.corral.console.Fixtures.synced;
import static dev.corral.console.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Condition;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.console.state.ClusterState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private final ClusterState state = new ClusterState();

    private List<String> messages() {
        return state.log().events().stream().map(ClusterEvent::message).toList();
    }

    @Test
    void theFirstListingIsStateNotEventsAndAReplayOfItChangesNothing() {
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of())),
                synced()));
        state.apply(List.of(
                added(node("node-1", true, true)),
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of())),
                synced()));
        assertThat(state.log().events()).isEmpty();
    }

    @Test
    void aNodeLossAndTheRebuildAfterItReadAsAnOperatorWouldTellThem() {
        state.apply(List.of(
                added(node("node-2", true, true)),
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of())),
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, ReplicaMode.RW)),
                synced()));

        state.apply(List.of(
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, ReplicaMode.ERR)),
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.DEGRADED, "node-1", List.of())),
                added(node("node-2", false, true))));
        state.apply(List.of(
                added(node("node-2", true, true)),
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, ReplicaMode.WO))));
        state.apply(List.of(
                added(replica("r2", "v1", "node-2", InstanceState.RUNNING, ReplicaMode.RW)),
                added(volume("v1", Volume.State.ATTACHED, Volume.Robustness.HEALTHY, "node-1", List.of()))));

        assertThat(messages())
                .containsExactly(
                        "v1 is \u2714 healthy (was \u25B2 degraded)",
                        "replica r2 of v1 on node-2 rebuilt",
                        "rebuilding replica r2 of v1 on node-2",
                        "node-2 is ready",
                        "node-2 is down",
                        "v1 is \u25B2 degraded (was \u2714 healthy)",
                        "replica r2 of v1 on node-2 failed");
        assertThat(state.log().events())
                .filteredOn(e -> e.severity() == ClusterEvent.Severity.WARNING)
                .extracting(ClusterEvent::object)
                .containsExactlyInAnyOrder("Node/node-2", "Volume/v1", "Replica/r2");
        assertThat(state.log().events())
                .filteredOn(e -> e.volume().equals("v1"))
                .hasSize(5);
    }

    @Test
    void aSchedulingFailureIsToldOnceWithTheSchedulersReason() {
        state.apply(List.of(synced()));
        Condition unschedulable =
                Condition.of(Volume.SCHEDULED, false, "ReplicaSchedulingFailure", "node-1: disk full", Instant.EPOCH);
        Volume stuck = volume("v1", Volume.State.DETACHED, Volume.Robustness.FAULTED, "", List.of(unschedulable));
        state.apply(List.of(added(volume("v1", Volume.State.DETACHED, Volume.Robustness.FAULTED, "", List.of()))));
        state.apply(List.of(added(stuck)));
        state.apply(List.of(added(stuck)));
        state.apply(List.of(deleted(stuck)));
        assertThat(messages()).containsExactly("v1 deleted", "v1 cannot be scheduled: node-1: disk full", "v1 created");
    }

    @Test
    void onlyTheNewestAreKept() {
        state.apply(List.of(synced()));
        for (int i = 0; i <= EventLog.CAPACITY; i++) {
            state.apply(List.of(added(node("n" + i, true, true))));
        }
        assertThat(state.log().events()).hasSize(EventLog.CAPACITY);
        assertThat(messages().getFirst()).isEqualTo("n" + EventLog.CAPACITY + " joined the cluster");
    }
}
