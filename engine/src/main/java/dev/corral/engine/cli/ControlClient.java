package dev.corral.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.engine.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of a controller's control API for the ctl commands. */
final class ControlClient {
    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ControlClient(String url) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.mapper().readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException("controller answered " + response.statusCode() + ": "
                        + body.path("error").asText(response.body()));
            }
            return body;
        } catch (IOException e) {
            String reason =
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new IllegalStateException("cannot reach the controller at " + base + ": " + reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
