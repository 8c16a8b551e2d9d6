package dev.corral.console;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.console.connection.ClusterActions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Records each action as a line, or fails every one with {@link #failWith}. */
public class RecordingActions implements ClusterActions {
    public final List<String> calls = new ArrayList<>();
    public RuntimeException failWith;
    public List<SnapshotInfo> layers = List.of();
    public final Map<String, Volume> volumes = new TreeMap<>();
    public final Map<String, Node> nodes = new TreeMap<>();
    public final Map<String, Replica> replicas = new TreeMap<>();
    public VolumeIo volumeIo = new VolumeIo("", Map.of());
    public ClusterIo clusterIo = new ClusterIo(0, List.of(), new ClusterIo.Rates(0, 0), new ClusterIo.Rates(0, 0));

    private void call(String what) {
        if (failWith != null) {
            throw failWith;
        }
        calls.add(what);
    }

    @Override
    public void createVolume(VolumeRequest request) {
        call("create " + request.name() + " " + request.size() + " x" + request.numberOfReplicas());
    }

    @Override
    public void attach(String volume, String node) {
        call("attach " + volume + " " + node);
    }

    @Override
    public void detach(String volume) {
        call("detach " + volume);
    }

    @Override
    public void expand(String volume, long size) {
        call("expand " + volume + " " + size);
    }

    @Override
    public void deleteVolume(String volume) {
        call("delete " + volume);
    }

    @Override
    public void setScheduling(String node, boolean allow) {
        call("scheduling " + node + " " + allow);
    }

    @Override
    public void setEviction(String node, boolean requested) {
        call("eviction " + node + " " + requested);
    }

    @Override
    public List<SnapshotInfo> snapshots(String volume) {
        call("snapshots " + volume);
        return layers;
    }

    @Override
    public String createSnapshot(String volume, String name) {
        call("snapshot " + volume + " " + name);
        return name;
    }

    @Override
    public void deleteSnapshot(String volume, String snapshot) {
        call("delete-snapshot " + volume + " " + snapshot);
    }

    @Override
    public void revertSnapshot(String volume, String snapshot) {
        call("revert " + volume + " " + snapshot);
    }

    @Override
    public VolumeIo volumeStats(String volume) {
        call("stats " + volume);
        return volumeIo;
    }

    @Override
    public ClusterIo clusterStats() {
        call("cluster-stats");
        return clusterIo;
    }

    @Override
    public Optional<Volume> volume(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public List<Replica> replicasOf(String volume) {
        return replicas.values().stream()
                .filter(r -> r.spec().volumeName().equals(volume))
                .toList();
    }
}
