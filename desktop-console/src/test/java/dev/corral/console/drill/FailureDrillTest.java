package dev.corral.console.drill;

import static dev.corral.console.Fixtures.node;
import static dev.corral.console.Fixtures.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.InstanceState;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.console.Fixtures;
import dev.corral.console.RecordingActions;
import dev.corral.console.drill.DrillStep.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drill's order and its handling of failure against a simulated cluster that answers each
 * action as the control plane would (the real one is driven by it.FailureDrillPanelTest).
 */
class FailureDrillTest {
    private final SimulatedCluster cluster = new SimulatedCluster();
    private final Map<String, byte[]> disks = new HashMap<>();
    private final List<DrillStep.Report> reports = new ArrayList<>();
    private boolean corruptOnMove;

    private final BlockIo io = new BlockIo() {
        @Override
        public void write(String endpoint, long offset, byte[] data) {
            disks.put(cluster.volumeOf(endpoint), data.clone());
        }

        @Override
        public byte[] read(String endpoint, long offset, int length) {
            byte[] data = disks.getOrDefault(cluster.volumeOf(endpoint), new byte[length])
                    .clone();
            if (corruptOnMove && endpoint.contains("node-2")) {
                data[30] ^= 1;
            }
            return data;
        }
    };

    private final NodePower power = new NodePower.Manual();

    private FailureDrill drill(NodePower power) {
        return new FailureDrill(
                cluster,
                power,
                io,
                Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC),
                Duration.ofSeconds(5),
                true,
                reports::add);
    }

    /** The last report of each step. */
    private Map<DrillStep, DrillStep.Report> last() {
        Map<DrillStep, DrillStep.Report> last = new HashMap<>();
        reports.forEach(r -> last.put(r.step(), r));
        return last;
    }

    @Test
    void everyStepPassesInTheSeedsOrderAndTheVolumeIsDeletedAfter() {
        assertThat(drill(cluster.power()).run()).isTrue();
        Map<DrillStep, DrillStep.Report> last = last();
        assertThat(last.values()).allMatch(r -> r.status() == Status.PASSED);
        assertThat(last.get(DrillStep.READ_BACK).result()).startsWith("read back written=2026-11-22T10:00:00Z: intact");
        assertThat(last.get(DrillStep.MOVE).result()).contains("attached on node-2 while node-1 is down");
        assertThat(cluster.calls)
                .filteredOn(c -> !c.startsWith("snapshots"))
                .containsSubsequence(
                        "create",
                        "attach node-1",
                        "stop node-1",
                        "detach",
                        "attach node-2",
                        "start node-1",
                        "detach",
                        "delete");
        assertThat(cluster.volumes).isEmpty();
    }

    @Test
    void aDamagedFileFailsTheReadStepWithWhatWasFoundAndTheNodeIsStartedAgain() {
        corruptOnMove = true;
        assertThat(drill(cluster.power()).run()).isFalse();
        Map<DrillStep, DrillStep.Report> last = last();
        assertThat(last.get(DrillStep.READ_BACK).status()).isEqualTo(Status.FAILED);
        assertThat(last.get(DrillStep.READ_BACK).result())
                .startsWith("the test file did not survive: the file is damaged")
                .endsWith("node-1 was started again");
        assertThat(last.get(DrillStep.START_NODE).status()).isEqualTo(Status.SKIPPED);
        assertThat(cluster.nodes.get("node-1").ready()).isTrue();
    }

    @Test
    void aClusterWithOneNodeIsRefusedBeforeAnythingIsCreated() {
        cluster.nodes.remove("node-2");
        cluster.nodes.remove("node-3");
        assertThat(drill(power).run()).isFalse();
        assertThat(last().get(DrillStep.PREPARE).result())
                .isEqualTo("the drill needs 2 ready nodes that take replicas; this cluster has 1");
        assertThat(cluster.calls).isEmpty();
    }

    /** Answers actions as the control plane would, at once. */
    private static final class SimulatedCluster extends RecordingActions {
        SimulatedCluster() {
            for (String n : List.of("node-1", "node-2", "node-3")) {
                nodes.put(n, node(n, true, true));
            }
        }

        String volumeOf(String endpoint) {
            return endpoint.substring(endpoint.lastIndexOf('/') + 1);
        }

        NodePower power() {
            return new NodePower() {
                @Override
                public String stop(String node) {
                    calls.add("stop " + node);
                    nodes.put(node, node(node, false, true));
                    replicas.replaceAll((k, r) -> r.spec().nodeId().equals(node)
                            ? replica(r.name(), r.spec().volumeName(), node, InstanceState.ERROR, ReplicaMode.ERR)
                            : r);
                    return "stopped";
                }

                @Override
                public String start(String node) {
                    calls.add("start " + node);
                    nodes.put(node, node(node, true, true));
                    replicas.replaceAll((k, r) -> replica(
                            r.name(), r.spec().volumeName(), r.spec().nodeId(), InstanceState.RUNNING, ReplicaMode.RW));
                    volumes.replaceAll((k, v) -> withRobustness(v, Volume.Robustness.HEALTHY));
                    return "started";
                }
            };
        }

        @Override
        public void createVolume(VolumeRequest request) {
            calls.add("create");
            volumes.put(
                    request.name(),
                    Fixtures.volume(request.name(), Volume.State.DETACHED, Volume.Robustness.HEALTHY, "", List.of()));
            for (int i = 1; i <= request.numberOfReplicas(); i++) {
                replicas.put(
                        request.name() + "-r" + i,
                        replica(request.name() + "-r" + i, request.name(), "node-" + i, InstanceState.RUNNING, null));
            }
        }

        @Override
        public void attach(String name, String node) {
            calls.add("attach " + node);
            Volume v = Fixtures.volume(name, Volume.State.ATTACHED, Volume.Robustness.HEALTHY, node, List.of());
            volumes.put(
                    name,
                    new Volume(
                            v.metadata(),
                            v.spec(),
                            new Volume.Status(
                                    Volume.State.ATTACHED,
                                    Volume.Robustness.HEALTHY,
                                    node,
                                    "nbd://" + node + ":1/" + name,
                                    0,
                                    List.of(),
                                    null)));
        }

        @Override
        public void detach(String name) {
            calls.add("detach");
            volumes.put(
                    name,
                    Fixtures.volume(
                            name,
                            Volume.State.DETACHED,
                            volumes.get(name).status().robustness(),
                            "",
                            List.of()));
        }

        @Override
        public void deleteVolume(String name) {
            calls.add("delete");
            volumes.remove(name);
        }

        private static Volume withRobustness(Volume v, Volume.Robustness robustness) {
            Volume.Status s = v.status();
            return new Volume(
                    v.metadata(),
                    v.spec(),
                    new Volume.Status(
                            s.state(),
                            robustness,
                            s.currentNodeId(),
                            s.endpoint(),
                            s.actualSize(),
                            s.conditions(),
                            null));
        }
    }
}
