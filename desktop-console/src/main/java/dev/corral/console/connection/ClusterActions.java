package dev.corral.console.connection;

import dev.corral.agent.api.VolumeRequest;

/**
 * The operator's actions, as the screens need them: {@link dev.corral.agent.client.ClusterClient}
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
}
