package dev.corral.console.connection;

import dev.corral.api.client.ApiEndpoint;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Watch;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.console.state.EventBatcher;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One connection to a cluster: the client, its one watch feeding the state, and the actions. */
final class Session implements Link {
    private final ClusterClient client;
    private final Watch watch;

    Session(ApiEndpoint endpoint, EventBatcher events) {
        this.client = new ClusterClient(endpoint);
        this.watch = client.store().watch(Set.of(Kind.NODE, Kind.VOLUME, Kind.REPLICA, Kind.ENGINE), events);
    }

    /** A cheap request that fails when the API cannot be reached: the connection's health. */
    @Override
    public void probe() {
        client.store().revision();
    }

    @Override
    public void createVolume(VolumeRequest request) {
        client.createVolume(request);
    }

    @Override
    public void attach(String volume, String node) {
        client.attach(volume, node);
    }

    @Override
    public void detach(String volume) {
        client.detach(volume);
    }

    @Override
    public void expand(String volume, long size) {
        client.expand(volume, size);
    }

    @Override
    public void deleteVolume(String volume) {
        client.deleteVolume(volume);
    }

    @Override
    public void setScheduling(String node, boolean allow) {
        client.setScheduling(node, allow);
    }

    @Override
    public void setEviction(String node, boolean requested) {
        client.setEviction(node, requested);
    }

    @Override
    public List<SnapshotInfo> snapshots(String volume) {
        return client.snapshots(volume);
    }

    @Override
    public String createSnapshot(String volume, String name) {
        return client.createSnapshot(volume, name);
    }

    @Override
    public void deleteSnapshot(String volume, String snapshot) {
        client.deleteSnapshot(volume, snapshot);
    }

    @Override
    public void revertSnapshot(String volume, String snapshot) {
        client.revertSnapshot(volume, snapshot);
    }

    @Override
    public VolumeIo volumeStats(String volume) {
        return client.volumeStats(volume);
    }

    @Override
    public ClusterIo clusterStats() {
        return client.clusterStats();
    }

    @Override
    public Optional<Volume> volume(String name) {
        return client.store().get(Kind.VOLUME, name);
    }

    @Override
    public List<Node> nodes() {
        return client.store().list(Kind.NODE);
    }

    @Override
    public List<Replica> replicasOf(String volume) {
        return client.store().list(Kind.REPLICA).stream()
                .filter(r -> r.spec().volumeName().equals(volume))
                .toList();
    }

    @Override
    public void close() {
        watch.close();
        client.close();
    }
}
