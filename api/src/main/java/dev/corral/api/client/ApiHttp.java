package dev.corral.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.TlsContexts;
import dev.corral.api.store.AlreadyExistsException;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * The HTTP side shared by {@link RemoteStore} and {@link ClusterClient}: requests with the
 * endpoint's credentials, JSON bodies, and the API's error body turned into exceptions: 404 and
 * 409 into the store's own, an unreachable server into {@link UnavailableException}, the rest into
 * {@link ApiRequestException}.
 */
final class ApiHttp implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final ApiEndpoint endpoint;
    private final HttpClient http;

    ApiHttp(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        endpoint.authority()
                .ifPresent(ca -> builder.sslContext(
                        TlsContexts.client(ca, endpoint.identity().map(ClusterIdentity::identity))));
        this.http = builder.build();
    }

    ApiEndpoint endpoint() {
        return endpoint;
    }

    HttpClient client() {
        return http;
    }

    /** A request to {@code path} (starting with /v1/) carrying the credentials, if any. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.url() + path));
        endpoint.credentials().ifPresent(c -> builder.header("Authorization", c.authorization()));
        return builder;
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    /** The object at {@code path}, or empty when the API answers 404. */
    Optional<JsonNode> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    JsonNode post(String path, Object body) {
        return send(withJson(request(path), "POST", body));
    }

    JsonNode put(String path, Object body) {
        return send(withJson(request(path), "PUT", body));
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** The answer's JSON body; an empty object for an answer without one (204). */
    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while calling the Corral API at " + endpoint.url(), e);
        }
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), response.body());
        }
        if (response.body().isBlank()) {
            return ResourceJson.mapper().createObjectNode();
        }
        try {
            return ResourceJson.mapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new UnavailableException("the Corral API at " + endpoint.url() + " answered "
                    + request.method() + " " + request.uri().getPath() + " with something other than JSON; "
                    + "is the URL right?");
        }
    }

    UnavailableException unreachable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return new UnavailableException(
                        "refusing the Corral API at " + endpoint.url() + ": its TLS certificate is not "
                                + (endpoint.authority().isPresent()
                                        ? "one of this cluster's authority"
                                        : "trusted by this machine")
                                + " (" + reason(t) + ")",
                        e);
            }
        }
        return new UnavailableException("cannot reach the Corral API at " + endpoint.url() + ": " + reason(e), e);
    }

    /** The HTTP client's connection failures often carry no message of their own; their causes do. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure instanceof ConnectException
                ? "connection refused"
                : failure.getClass().getSimpleName();
    }

    /** The exception an error answer stands for, with the server's reason as its message. */
    RuntimeException failure(int status, String body) {
        String reason = null;
        ErrorCode code = null;
        try {
            JsonNode error = ResourceJson.mapper().readTree(body);
            if (error != null && error.path("error").isTextual()) {
                reason = error.path("error").asText();
                code = ErrorCode.byName(error.path("code").asText()).orElse(null);
            }
        } catch (JsonProcessingException e) {
            // Not the API's own answer (a proxy's error page): described from the status below.
        }
        if (code == null) {
            code = ErrorCode.forStatus(status);
        }
        if (reason == null) {
            reason = "the Corral API at " + endpoint.url() + " answered HTTP " + status;
        }
        return switch (code) {
            case NotFound -> new NotFoundException(reason);
            case Conflict -> new ConflictException(reason);
            case AlreadyExists -> new AlreadyExistsException(reason);
            case Unavailable -> new UnavailableException(reason);
            case Unauthorized ->
                new ApiRequestException(
                        status,
                        code,
                        endpoint.credentials().isPresent()
                                ? "the Corral API at " + endpoint.url() + " refused the credentials: " + reason
                                : endpoint.identity().isPresent()
                                        ? "the Corral API at " + endpoint.url() + " did not accept the certificate of "
                                                + endpoint.identity().get().principal() + ": " + reason
                                        : "the Corral API at " + endpoint.url()
                                                + " needs credentials (--credentials FILE or CORRAL_CREDENTIALS): "
                                                + reason);
            case BadRequest,
                    Forbidden,
                    MethodNotAllowed,
                    PayloadTooLarge,
                    UnsupportedMediaType,
                    TooManyRequests,
                    Internal -> new ApiRequestException(status, code, reason);
        };
    }

    /** A path segment: names may hold characters a URL path must escape. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String method, Object body) {
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(ResourceJson.write(body)));
    }

    @Override
    public void close() {
        http.close();
    }
}
