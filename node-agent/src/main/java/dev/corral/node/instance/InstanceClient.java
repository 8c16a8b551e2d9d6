package dev.corral.node.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import dev.corral.engine.controller.RebuildStatus;
import dev.corral.engine.util.Json;
import dev.corral.node.instance.InstanceMessages.AddReplicaRequest;
import dev.corral.node.instance.InstanceMessages.EngineRequest;
import dev.corral.node.instance.InstanceMessages.EngineView;
import dev.corral.node.instance.InstanceMessages.ErrorBody;
import dev.corral.node.instance.InstanceMessages.ExpandRequest;
import dev.corral.node.instance.InstanceMessages.Health;
import dev.corral.node.instance.InstanceMessages.ReplicaRequest;
import dev.corral.node.instance.InstanceMessages.ReplicaView;
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
 * A blocking client of one instance process's API (see {@code InstanceApi}). Every failure is an
 * {@link InstanceCallException} with the HTTP status and the instance's reason.
 */
public final class InstanceClient {
    /** An engine start may wait for replica connections (5 s connect timeout each, in parallel). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    public InstanceClient(String url) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public String url() {
        return base.toString().replaceAll("/$", "");
    }

    /** A quick liveness probe: answers within {@code timeout} or fails. */
    public Health health(Duration timeout) {
        return call(get("v1/health").timeout(timeout), type(Health.class));
    }

    public List<ReplicaView> replicas() {
        return call(get("v1/replicas"), listOf(ReplicaView.class));
    }

    public ReplicaView startReplica(ReplicaRequest request) {
        return call(post("v1/replicas", request), type(ReplicaView.class));
    }

    /** Stops a replica (and with {@code purge} removes its directory); false when it did not run. */
    public boolean stopReplica(String name, boolean purge) {
        return deleting(
                () -> call(delete("v1/replicas/" + segment(name) + (purge ? "?purge=true" : "")), type(Void.class)));
    }

    public List<EngineView> engines() {
        return call(get("v1/engines"), listOf(EngineView.class));
    }

    /** The engine of {@code volume}, or empty when none runs here. */
    public Optional<EngineView> engine(String volume) {
        try {
            return Optional.of(call(get("v1/engines/" + segment(volume)), type(EngineView.class)));
        } catch (InstanceCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public EngineView startEngine(EngineRequest request) {
        return call(post("v1/engines", request), type(EngineView.class));
    }

    /** Stops a volume's engine; false when none ran. */
    public boolean stopEngine(String volume) {
        return deleting(() -> call(delete("v1/engines/" + segment(volume)), type(Void.class)));
    }

    /** Adds a replica server to a running engine: starts its live rebuild. */
    public RebuildStatus addReplica(String volume, String address) {
        return call(
                post("v1/engines/" + segment(volume) + "/replicas", new AddReplicaRequest(address)),
                type(RebuildStatus.class));
    }

    public void removeReplica(String volume, String address) {
        call(delete("v1/engines/" + segment(volume) + "/replicas/" + segment(address)), type(Void.class));
    }

    public void expand(String volume, long size) {
        call(post("v1/engines/" + segment(volume) + "/expand", new ExpandRequest(size)), type(Void.class));
    }

    private static boolean deleting(Runnable call) {
        try {
            call.run();
            return true;
        } catch (InstanceCallException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).DELETE();
    }

    private HttpRequest.Builder post(String path, Object body) {
        try {
            return HttpRequest.newBuilder(base.resolve(path))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
    }

    private <T> T call(HttpRequest.Builder builder, JavaType answer) {
        HttpRequest request = builder.build();
        if (request.timeout().isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(CALL_TIMEOUT)
                    .build();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InstanceCallException(
                    0, "instance at " + url() + " did not answer " + describe(request) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceCallException(0, "interrupted calling the instance at " + url(), e);
        }
        if (response.statusCode() >= 400) {
            throw new InstanceCallException(
                    response.statusCode(),
                    describe(request) + ": " + response.statusCode() + " " + reason(response.body()),
                    null);
        }
        if (answer.hasRawClass(Void.class) || response.body().isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().readValue(response.body(), answer);
        } catch (JsonProcessingException e) {
            throw new InstanceCallException(
                    response.statusCode(), describe(request) + ": unreadable answer " + response.body(), e);
        }
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getPath();
    }

    private static String reason(String body) {
        try {
            ErrorBody error = Json.mapper().readValue(body, ErrorBody.class);
            return error.error() == null ? body : error.error();
        } catch (JsonProcessingException e) {
            return body;
        }
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
