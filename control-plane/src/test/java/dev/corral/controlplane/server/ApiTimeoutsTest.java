package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.testsupport.TricklingClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster API's header and idle timeouts over real sockets; event streams outlive them. */
class ApiTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(400);

    @Test
    void aHeaderTrickledByteByByteIsCutOff() throws IOException {
        try (ApiFixture api = ApiFixture.withTimeouts(new HttpTimeouts(SHORT, Duration.ofMinutes(1)), SHORT);
                TricklingClient client = TricklingClient.connect(api.server().port())) {
            assertThat(client.trickle("GET /v1/volumes HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200), 50))
                    .as("cut off while trickling")
                    .isTrue();
            assertThat(client.readAll()).isEmpty();
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (ApiFixture api = ApiFixture.withTimeouts(new HttpTimeouts(Duration.ofMinutes(1), SHORT), SHORT);
                TricklingClient client = TricklingClient.connect(api.server().port())) {
            assertThat(client.readAll()).isEmpty();
        }
    }

    @Test
    void anEventStreamWithHeartbeatsOutlivesTheIdleTimeout() throws IOException {
        Duration heartbeat = SHORT.dividedBy(4);
        try (ApiFixture api = ApiFixture.withTimeouts(new HttpTimeouts(SHORT, SHORT), heartbeat);
                TricklingClient client = TricklingClient.connect(api.server().port())) {
            client.send("GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 200");
            // Three times the idle timeout, in heartbeats.
            for (int beat = 0; beat < 12; beat++) {
                assertThat(client.readUntil(": heartbeat\n\n")).isNotEmpty();
            }
        }
    }
}
