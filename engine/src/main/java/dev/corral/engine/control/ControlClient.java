package dev.corral.engine.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import dev.corral.engine.control.ControlMessages.AddReplicaRequest;
import dev.corral.engine.control.ControlMessages.ErrorBody;
import dev.corral.engine.control.ControlMessages.ExpandRequest;
import dev.corral.engine.control.ControlMessages.SnapshotName;
import dev.corral.engine.control.ControlMessages.VolumeView;
import dev.corral.engine.control.ControlRefusal.Reason;
import dev.corral.engine.controller.RebuildStatus;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.stats.IoStats.VolumeStats;
import dev.corral.engine.util.Failures;
import dev.corral.engine.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A blocking, typed client of a standalone controller's {@link ControlApi}. Every failure is a
 * {@link ControlRefusal}: the controller's own, with its reason, or UNAVAILABLE when it could not
 * be reached.
 */
public final class ControlClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Snapshots and expansion wait for writes in flight to drain. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    private ControlClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** The client of the control API at {@code url}, e.g. {@code http://127.0.0.1:9500}. */
    public static ControlClient connect(String url) {
        return new ControlClient(
                URI.create(url.endsWith("/") ? url : url + "/"),
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
    }

    public VolumeView volume() {
        return call(get("v1/volume"), type(VolumeView.class));
    }

    public List<ReplicaStatus> replicas() {
        return call(get("v1/replicas"), listOf(ReplicaStatus.class));
    }

    public VolumeStats stats() {
        return call(get("v1/stats"), type(VolumeStats.class));
    }

    /** The running or last rebuild; empty when none has run. */
    public Optional<RebuildStatus> rebuild() {
        try {
            return Optional.of(call(get("v1/rebuild"), type(RebuildStatus.class)));
        } catch (ControlRefusal e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Attaches a replica server and starts its rebuild; {@code bandwidthLimit} bytes/s, 0 for none. */
    public RebuildStatus addReplica(String address, long bandwidthLimit) {
        return call(post("v1/replicas", new AddReplicaRequest(address, bandwidthLimit)), type(RebuildStatus.class));
    }

    public void removeReplica(String address) {
        call(delete("v1/replicas/" + segment(address)), null);
    }

    public void createSnapshot(String name) {
        call(post("v1/snapshots", new SnapshotName(name)), null);
    }

    public List<LayerInfo> snapshots() {
        return call(get("v1/snapshots"), listOf(LayerInfo.class));
    }

    public void deleteSnapshot(String name) {
        call(delete("v1/snapshots/" + segment(name)), null);
    }

    public void purgeSnapshots() {
        call(post("v1/actions/purge", null), null);
    }

    public void revert(String name) {
        call(post("v1/actions/revert", new SnapshotName(name)), null);
    }

    public void expand(long size) {
        call(post("v1/actions/expand", new ExpandRequest(size)), null);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).DELETE();
    }

    private HttpRequest.Builder post(String path, Object body) {
        try {
            String json = body == null ? "{}" : Json.mapper().writeValueAsString(body);
            return HttpRequest.newBuilder(base.resolve(path))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
    }

    /** The answer read as {@code answer}; with a null {@code answer} the body is not read. */
    private <T> T call(HttpRequest.Builder builder, JavaType answer) {
        HttpRequest request = builder.timeout(CALL_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ControlRefusal(
                    Reason.UNAVAILABLE, "cannot reach the controller at " + url() + ": " + Failures.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlRefusal(Reason.UNAVAILABLE, "interrupted while calling the controller at " + url());
        }
        if (response.statusCode() >= 400) {
            throw refusal(response);
        }
        if (answer == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(response.body(), answer);
        } catch (JsonProcessingException e) {
            throw new ControlRefusal(
                    Reason.UNAVAILABLE,
                    "the controller at " + url() + " answered " + request.method() + " "
                            + request.uri().getPath() + " with something this client cannot read: "
                            + e.getOriginalMessage());
        }
    }

    private ControlRefusal refusal(HttpResponse<String> response) {
        try {
            ErrorBody error = Json.mapper().readValue(response.body(), ErrorBody.class);
            if (error.error() != null && error.code() != null) {
                return new ControlRefusal(error.code(), error.error());
            }
        } catch (JsonProcessingException e) {
            // Not the control API's own answer: described from the status below.
        }
        return new ControlRefusal(
                response.statusCode() == 404 ? Reason.NOT_FOUND : Reason.UNAVAILABLE,
                "the controller at " + url() + " answered HTTP " + response.statusCode() + ": " + response.body());
    }

    private String url() {
        return base.toString().replaceAll("/$", "");
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JavaType type(Class<?> type) {
        return Json.mapper().getTypeFactory().constructType(type);
    }

    private static JavaType listOf(Class<?> element) {
        return Json.mapper().getTypeFactory().constructCollectionType(List.class, element);
    }
}
