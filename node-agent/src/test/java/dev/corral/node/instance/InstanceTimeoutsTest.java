package dev.corral.node.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.engine.http.HttpTimeouts;
import dev.corral.engine.testsupport.TricklingClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node API cuts off a client that trickles its headers, and one that sits idle. */
class InstanceTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(400);

    @Test
    void aHeaderTrickledByteByByteIsCutOff() throws Exception {
        try (InProcessInstance node =
                        InProcessInstance.start(Optional.empty(), new HttpTimeouts(SHORT, Duration.ofMinutes(1)));
                TricklingClient client = TricklingClient.connect(port(node))) {
            assertThat(client.trickle("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200), 50))
                    .as("cut off while trickling")
                    .isTrue();
            assertThat(client.readAll()).isEmpty();
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (InProcessInstance node =
                        InProcessInstance.start(Optional.empty(), new HttpTimeouts(Duration.ofMinutes(1), SHORT));
                TricklingClient client = TricklingClient.connect(port(node))) {
            client.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readAll()).startsWith("HTTP/1.1 200").contains("\"ok\"");
        }
    }

    private static int port(InProcessInstance node) throws IOException {
        return URI.create(node.url()).getPort();
    }
}
