package dev.corral.console.connection;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import java.util.List;
import java.util.Optional;

/**
 * The operator's actions, as the screens need them: {@link dev.corral.api.client.ClusterClient}
 * in the application, a recording fake in ViewModel tests. Each call blocks on the network and
 * throws with the server's reason when refused.
 */
public interface ClusterActions {
    void createVolume(VolumeRequest request);

    void attach(String volume, String node);

    void detach(String volume);

    void expand(String volume, long size);

    void deleteVolume(String volume);

    void setScheduling(String node, boolean allow);

    void setEviction(String node, boolean requested);

    /** The volume's layer tree, oldest first (the volume must be attached). */
    List<SnapshotInfo> snapshots(String volume);

    /** Takes a snapshot; a null name lets the engine choose one. Answers the snapshot's name. */
    String createSnapshot(String volume, String name);

    void deleteSnapshot(String volume, String snapshot);

    /** Makes the volume read as {@code snapshot} again; refused while a client has it open. */
    void revertSnapshot(String volume, String snapshot);

    /** The attached volume's live I/O, from its engine. */
    VolumeIo volumeStats(String volume);

    /** The cluster's I/O now, summed over the running engines. */
    ClusterIo clusterStats();

    /** The volume as the API has it now (empty when there is none). */
    Optional<Volume> volume(String name);

    /** Every node as the API has it now. */
    List<Node> nodes();

    /** The volume's replicas as the API has them now. */
    List<Replica> replicasOf(String volume);
}
