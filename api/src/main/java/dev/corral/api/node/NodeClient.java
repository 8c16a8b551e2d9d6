package dev.corral.api.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The typed client of a node's API: the instance process that hosts the node's replica servers
 * and engines (see {@code package-info}). Every failure is a {@link NodeCallException}.
 *
 * <p>The node's own calls (replicas and engines started, stopped, changed) block: the agent makes
 * them from its reconcile workers. The engine operations that the cluster API forwards (snapshots,
 * statistics) complete a future instead, so that an event loop can wait for them without blocking.
 */
public final class NodeClient {
    /** An engine start waits for its replica connections; a snapshot for writes in flight to drain. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final NodeTransport transport;

    NodeClient(String url, NodeTransport transport) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.transport = transport;
    }

    /**
     * The plain-http client of the node API at {@code url}, for a process without a cluster
     * identity; with one, {@link NodeTransport#connect}.
     */
    public static NodeClient connect(String url) {
        return NodeTransport.PLAIN.connect(url);
    }

    public String url() {
        return base.toString().replaceAll("/$", "");
    }

    /** A quick liveness probe: answers within {@code timeout} or fails. */
    public NodeHealth health(Duration timeout) {
        return await(call(get("v1/health").timeout(timeout), type(NodeHealth.class)));
    }

    public List<ReplicaView> replicas() {
        return await(call(get("v1/replicas"), listOf(ReplicaView.class)));
    }

    /** Starts a replica server, or answers the one running under that name from that directory. */
    public ReplicaView startReplica(ReplicaRequest request) {
        return await(call(post("v1/replicas", request), type(ReplicaView.class)));
    }

    /** Stops a replica (and with {@code purge} removes its directory); false when it did not run. */
    public boolean stopReplica(String name, boolean purge) {
        return stopped(call(delete("v1/replicas/" + segment(name) + (purge ? "?purge=true" : "")), null));
    }

    public List<EngineView> engines() {
        return await(call(get("v1/engines"), listOf(EngineView.class)));
    }

    /** The engine of {@code volume}, or empty when none runs here. */
    public Optional<EngineView> engine(String volume) {
        try {
            return Optional.of(await(call(get(engine(volume, "")), type(EngineView.class))));
        } catch (NodeCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Starts an engine, or answers the one running for that volume. */
    public EngineView startEngine(EngineRequest request) {
        return await(call(post("v1/engines", request), type(EngineView.class)));
    }

    /** Stops a volume's engine; false when none ran. */
    public boolean stopEngine(String volume) {
        return stopped(call(delete(engine(volume, "")), null));
    }

    /** Adds a replica server to a running engine: starts its live rebuild, whose first status this is. */
    public RebuildView addReplica(String volume, AddReplicaRequest request) {
        return await(call(post(engine(volume, "/replicas"), request), type(RebuildView.class)));
    }

    public void removeReplica(String volume, String address) {
        await(call(delete(engine(volume, "/replicas/" + segment(address))), null));
    }

    public void expand(String volume, long size) {
        await(call(post(engine(volume, "/expand"), new ExpandRequest(size)), null));
    }

    /** The volume's layer tree, oldest first: user and system snapshots and the head. */
    public CompletableFuture<List<SnapshotInfo>> snapshots(String volume) {
        return call(get(engine(volume, "/snapshots")), listOf(SnapshotInfo.class));
    }

    public CompletableFuture<Void> createSnapshot(String volume, String name) {
        return call(post(engine(volume, "/snapshots"), new SnapshotRequest(name)), null);
    }

    /** Marks a snapshot removed; {@link #purgeSnapshots} frees its space. */
    public CompletableFuture<Void> deleteSnapshot(String volume, String name) {
        return call(delete(engine(volume, "/snapshots/" + segment(name))), null);
    }

    /** Makes the volume read as {@code name} again; refused (Conflict) while a client has it open. */
    public CompletableFuture<Void> revertSnapshot(String volume, String name) {
        return call(post(engine(volume, "/snapshots/" + segment(name) + "/revert"), null), null);
    }

    public CompletableFuture<Void> purgeSnapshots(String volume) {
        return call(post(engine(volume, "/purge"), null), null);
    }

    /** The engine's live I/O; fails when it has not answered within {@code timeout}. */
    public CompletableFuture<VolumeIo> stats(String volume, Duration timeout) {
        return call(get(engine(volume, "/stats")).timeout(timeout), type(VolumeIo.class));
    }

    private static String engine(String volume, String rest) {
        return "v1/engines/" + segment(volume) + rest;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).DELETE();
    }

    private HttpRequest.Builder post(String path, Object body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : ResourceJson.write(body)));
    }

    /** The answer read as {@code answer}; with a null {@code answer} the body is not read. */
    private <T> CompletableFuture<T> call(HttpRequest.Builder builder, JavaType answer) {
        HttpRequest request = builder.build();
        if (request.timeout().isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(CALL_TIMEOUT)
                    .build();
        }
        HttpRequest sent = request;
        String mismatch = schemeMismatch();
        if (mismatch != null) {
            return CompletableFuture.failedFuture(NodeCallException.unreachable(mismatch, null));
        }
        return transport
                .http()
                .sendAsync(sent, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw NodeCallException.unreachable(
                                "the node at " + url() + " did not answer " + describe(sent) + ": " + reason(failure),
                                failure);
                    }
                    return read(sent, response, answer);
                });
    }

    /**
     * Why this process must not call the node at its URL, or null. With an identity it never
     * talks to a node in plain text (whoever wrote that URL into a status could otherwise have it
     * send requests unauthenticated); without one it cannot pass a node's mutual TLS.
     */
    private String schemeMismatch() {
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        if (transport.tls() && !https) {
            return "refusing to call the node API at " + url() + " in plain http: this process authenticates"
                    + " nodes with its cluster identity";
        }
        if (!transport.tls() && https) {
            return "the node API at " + url() + " takes only clients with a certificate of the cluster's"
                    + " authority, and this process has no identity (--identity DIR)";
        }
        return null;
    }

    private <T> T read(HttpRequest request, HttpResponse<String> response, JavaType answer) {
        if (response.statusCode() >= 400) {
            throw refusal(request, response);
        }
        if (answer == null) {
            return null;
        }
        try {
            return ResourceJson.mapper().readValue(response.body(), answer);
        } catch (JsonProcessingException e) {
            throw NodeCallException.refused(
                    ErrorCode.Unavailable, "unreadable answer: " + e.getOriginalMessage(), describe(request));
        }
    }

    /** The node's error body ({@code {"error", "code"}}), or the status alone when it sent none. */
    private NodeCallException refusal(HttpRequest request, HttpResponse<String> response) {
        String reason = null;
        ErrorCode code = null;
        try {
            JsonNode error = ResourceJson.mapper().readTree(response.body());
            if (error != null && error.path("error").isTextual()) {
                reason = error.path("error").asText();
                code = ErrorCode.byName(error.path("code").asText()).orElse(null);
            }
        } catch (JsonProcessingException e) {
            // Not the node's own answer: described from the status below.
        }
        return NodeCallException.refused(
                code == null ? ErrorCode.forStatus(response.statusCode()) : code,
                reason == null ? "HTTP " + response.statusCode() : reason,
                describe(request));
    }

    /** Waits for a call made from a thread that may block; its failure as it is. */
    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeCallException.unreachable("interrupted while calling a node", e);
        } catch (ExecutionException e) {
            throw unwrapped(e.getCause());
        }
    }

    private static boolean stopped(CompletableFuture<Void> call) {
        try {
            await(call);
            return true;
        } catch (NodeCallException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /** The {@link NodeCallException} a failed call carries. */
    public static NodeCallException unwrapped(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NodeCallException e) {
            return e;
        }
        return NodeCallException.unreachable("calling a node failed: " + reason(t), t);
    }

    /** The HTTP client's connection failures often carry no message of their own; their causes do. */
    private static String reason(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure instanceof ConnectException
                ? "connection refused"
                : failure.getClass().getSimpleName();
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getPath();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JavaType type(Class<?> type) {
        return ResourceJson.mapper().getTypeFactory().constructType(type);
    }

    private static JavaType listOf(Class<?> element) {
        return ResourceJson.mapper().getTypeFactory().constructCollectionType(List.class, element);
    }
}
