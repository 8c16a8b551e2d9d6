package dev.corral.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.testsupport.TricklingClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Header and idle timeouts of a Vert.x server guarded by {@link HttpTimeouts}, over real sockets. */
class HttpTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(400);

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() {
        if (server != null) {
            server.close().await();
        }
        vertx.close().await();
    }

    @Test
    void aHeaderTrickledByteByByteIsCutOffAfterTheHeaderTimeout() throws IOException {
        start(new HttpTimeouts(SHORT, Duration.ofMinutes(1)));
        try (TricklingClient client = TricklingClient.connect(server.actualPort())) {
            boolean cut = client.trickle("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200), 50);
            assertThat(cut).as("cut off while trickling").isTrue();
            assertThat(client.readAll()).as("no answer, only a close").isEmpty();
        }
    }

    @Test
    void aQuietKeepAliveConnectionIsNotCutByTheHeaderTimeout() throws IOException, InterruptedException {
        start(new HttpTimeouts(SHORT, Duration.ofMinutes(1)));
        try (TricklingClient client = TricklingClient.connect(server.actualPort())) {
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").endsWith("hello");
            Thread.sleep(SHORT.toMillis() * 3);
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").endsWith("hello");
        }
    }

    @Test
    void aLongStreamWithHeartbeatsOutlivesBothTimeouts() throws IOException {
        start(new HttpTimeouts(SHORT, SHORT));
        try (TricklingClient client = TricklingClient.connect(server.actualPort())) {
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            String stream = client.readUntil("done\n");
            assertThat(stream).startsWith("HTTP/1.1 200").contains("beat 19\n").endsWith("done\n");
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        start(new HttpTimeouts(Duration.ofMinutes(1), SHORT));
        try (TricklingClient client = TricklingClient.connect(server.actualPort())) {
            assertThat(client.readAll()).isEmpty();
        }
    }

    @Test
    void aStalledBodyIsClosedAfterTheIdleTimeout() throws IOException {
        start(new HttpTimeouts(Duration.ofMinutes(1), SHORT));
        try (TricklingClient client = TricklingClient.connect(server.actualPort())) {
            client.send("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
            assertThat(client.readAll()).isEmpty();
        }
    }

    private void start(HttpTimeouts timeouts) {
        server = timeouts.guard(vertx.createHttpServer(timeouts.applyTo(new HttpServerOptions())))
                .requestHandler(request -> {
                    if (request.path().equals("/stream")) {
                        stream(request.response(), 0);
                    } else {
                        request.body().onSuccess(body -> request.response().end("hello"));
                    }
                })
                .listen(0, "127.0.0.1")
                .await();
    }

    /** Twenty beats, each after a pause shorter than the timeouts, lasting well beyond them. */
    private void stream(HttpServerResponse response, int beat) {
        if (beat == 0) {
            response.setChunked(true);
        }
        if (beat == 20) {
            response.end("done\n");
            return;
        }
        response.write("beat " + beat + "\n");
        vertx.setTimer(SHORT.toMillis() / 4, id -> stream(response, beat + 1));
    }
}
