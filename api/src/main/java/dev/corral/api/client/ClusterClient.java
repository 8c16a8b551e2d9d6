package dev.corral.api.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Volume;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The operator's actions on a cluster, over its API: what the CLI and the console call. Reading
 * resources goes through {@link #store()}. Refusals arrive as the exceptions {@link RemoteStore}
 * documents, with the server's reason as their message.
 */
public final class ClusterClient implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(250);

    /** The engine may report more about a snapshot than this client knows; that is not an error. */
    private static final ObjectReader LAYER_READER = ResourceJson.mapper()
            .readerFor(SnapshotInfo.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final ObjectMapper LENIENT =
            ResourceJson.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ApiHttp http;
    private final RemoteStore store;

    public ClusterClient(ApiEndpoint endpoint) {
        this.http = new ApiHttp(endpoint);
        this.store = new RemoteStore(http, false);
    }

    public ApiEndpoint endpoint() {
        return http.endpoint();
    }

    /** Every resource, read (and, for agents' fields, written) as through the store. */
    public RemoteStore store() {
        return store;
    }

    public Volume createVolume(VolumeRequest request) {
        return volume(http.post("/v1/volumes", request));
    }

    /** Asks for the volume to be attached on {@code node}; the control plane starts its engine there. */
    public Volume attach(String volume, String node) {
        return volume(http.post(volumePath(volume) + "/attach", Map.of("node", node)));
    }

    public Volume detach(String volume) {
        return volume(http.post(volumePath(volume) + "/detach", Map.of()));
    }

    public Volume expand(String volume, long size) {
        return volume(http.post(volumePath(volume) + "/expand", Map.of("size", size)));
    }

    /** Marks the volume for deletion; it disappears once the control plane removed its replicas. */
    public Volume deleteVolume(String volume) {
        return volume(http.delete(volumePath(volume)));
    }

    /** The volume's layer tree, oldest first, as its engine reports it (the volume must be attached). */
    public List<SnapshotInfo> snapshots(String volume) {
        List<SnapshotInfo> layers = new ArrayList<>();
        for (JsonNode item : http.get(volumePath(volume) + "/snapshots").path("items")) {
            try {
                layers.add(LAYER_READER.readValue(item));
            } catch (IOException e) {
                throw new UnavailableException("the engine reported a snapshot this client cannot read: " + item, e);
            }
        }
        return List.copyOf(layers);
    }

    /**
     * Takes a snapshot of an attached volume.
     *
     * @param name the snapshot's name, or null for a generated one
     * @return the snapshot's name
     */
    public String createSnapshot(String volume, String name) {
        Map<String, String> body = new HashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        return http.post(volumePath(volume) + "/snapshots", body).path("name").asText();
    }

    public void deleteSnapshot(String volume, String snapshot) {
        http.delete(volumePath(volume) + "/snapshots/" + ApiHttp.segment(snapshot));
    }

    /** Makes an attached volume read as {@code snapshot} again (refused while a client has it open). */
    public void revertSnapshot(String volume, String snapshot) {
        http.post(volumePath(volume) + "/snapshots/" + ApiHttp.segment(snapshot) + "/revert", Map.of());
    }

    /** The attached volume's live I/O, as its engine measures it. */
    public VolumeIo volumeStats(String volume) {
        return read(http.get(volumePath(volume) + "/stats"), VolumeIo.class);
    }

    /** The cluster's I/O now: every running engine's rates, summed. */
    public ClusterIo clusterStats() {
        return read(http.get("/v1/stats"), ClusterIo.class);
    }

    private static <T> T read(JsonNode answer, Class<T> type) {
        try {
            return LENIENT.readerFor(type).readValue(answer);
        } catch (IOException e) {
            throw new UnavailableException("the API sent an answer this client cannot read: " + answer, e);
        }
    }

    public Node setScheduling(String node, boolean allow) {
        return RemoteStore.decode(
                Kind.NODE, http.post(RemoteStore.item(Kind.NODE, node) + "/scheduling", Map.of("allow", allow)));
    }

    public Node setEviction(String node, boolean requested) {
        return RemoteStore.decode(
                Kind.NODE, http.post(RemoteStore.item(Kind.NODE, node) + "/eviction", Map.of("requested", requested)));
    }

    /**
     * Polls the volume until {@code condition} holds.
     *
     * @param what what is awaited, for the timeout's message ("attached")
     * @throws IllegalStateException when it does not hold within {@code timeout}; the message
     *     shows where the volume got to
     */
    public Volume awaitVolume(String volume, Predicate<Volume> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Volume current = store.get(Kind.VOLUME, volume)
                    .orElseThrow(() -> new NotFoundException("volume " + volume + " not found"));
            if (condition.test(current)) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("volume " + volume + " is not " + what + " after " + timeout.toSeconds()
                        + " s; it is " + VolumeDescription.progress(current));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted waiting for volume " + volume, e);
            }
        }
    }

    private static Volume volume(JsonNode json) {
        return RemoteStore.decode(Kind.VOLUME, json);
    }

    private static String volumePath(String volume) {
        return RemoteStore.item(Kind.VOLUME, volume);
    }

    @Override
    public void close() {
        store.close();
        http.close();
    }
}
