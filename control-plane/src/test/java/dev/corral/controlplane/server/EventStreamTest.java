package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.client.RemoteStore;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.engine.testsupport.Await;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Node node(String name) {
        return new Node(ObjectMeta.named(name), new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false), null);
    }

    private static List<String> seen(List<WatchEvent> events) {
        return events.stream()
                .map(e -> e.type()
                        + (e.resource() == null ? "" : " " + e.resource().name()))
                .toList();
    }

    @Test
    void remoteWatchSeesTheStateThenChangesAndComesBackAfterARestart() throws Exception {
        try (ApiFixture api = ApiFixture.start();
                RemoteStore watcher = new RemoteStore(api.endpoint());
                RemoteStore writer = new RemoteStore(api.endpoint())) {
            Node n1 = writer.create(node("n1"));
            writer.create(node("gone"));
            List<WatchEvent> events = new CopyOnWriteArrayList<>();
            Watch watch = watcher.watch(Set.of(Kind.NODE), events::add);

            Await.until(WAIT, "ADDED and SYNCED", () -> seen(events).contains("SYNCED"));
            assertThat(seen(events).subList(0, 2)).containsExactlyInAnyOrder("ADDED n1", "ADDED gone");
            assertThat(seen(events).get(2)).isEqualTo("SYNCED");
            Node modified = writer.update(n1.withSpec(n1.spec().withAllowScheduling(false)));
            writer.create(new Volume(
                    ObjectMeta.named("v"), new Volume.Spec(4096, 1, null, 0, List.of(), List.of(), ""), null));
            Await.until(WAIT, "MODIFIED", () -> events.size() == 4);
            assertThat(events.get(3).type()).isEqualTo(WatchEvent.Type.MODIFIED);
            assertThat(events.get(3).resource()).isEqualTo(modified);
            assertThat(events.get(3).revision()).isEqualTo(modified.metadata().resourceVersion());
            Await.until(WAIT, "the server's stream", () -> api.server().eventStreams() == 1);

            api.stop();
            // Changed while the client cannot see it: an object deleted, one created.
            api.store.delete(Kind.NODE, "gone", 0);
            api.store.create(node("n2"));
            events.clear();
            api.restart();

            Await.until(
                    WAIT, "the replay after reconnecting", () -> seen(events).contains("SYNCED"));
            Await.until(WAIT, "the missed deletion", () -> seen(events).contains("DELETED gone"));
            assertThat(seen(events).subList(0, 2)).containsExactlyInAnyOrder("ADDED n1", "ADDED n2");
            assertThat(seen(events).subList(2, 4)).containsExactly("SYNCED", "DELETED gone");
            Node again = writer.update(modified.withSpec(modified.spec().withAllowScheduling(true)));
            Await.until(WAIT, "a change after reconnecting", () -> events.size() == 5);
            assertThat(events.get(4).resource()).isEqualTo(again);

            watch.close();
            Await.until(
                    WAIT, "the server to close its watch", () -> api.server().eventStreams() == 0);
        }
    }

    @Test
    void rawStreamHasIdsTypesJsonAndHeartbeats() throws Exception {
        try (ApiFixture api = ApiFixture.start(Optional.empty(), Duration.ofMillis(100));
                HttpClient http = HttpClient.newHttpClient()) {
            Node n1 = api.store.create(node("n1"));
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(api.url() + "/v1/events?kinds=nodes,volumes"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals(": heartbeat")) {
                        break;
                    }
                }
            }
            long revision = api.store.revision();
            assertThat(n1.metadata().resourceVersion()).isEqualTo(revision);
            assertThat(lines)
                    .startsWith(
                            "retry: 2000",
                            "",
                            "id: " + revision,
                            "event: ADDED",
                            "data: {\"type\":\"ADDED\",\"revision\":" + revision + ",\"object\":"
                                    + ResourceJson.write(n1) + "}",
                            "",
                            "id: " + revision,
                            "event: SYNCED",
                            "data: {\"type\":\"SYNCED\",\"revision\":" + revision + "}",
                            "")
                    .endsWith(": heartbeat");
            Await.until(
                    WAIT,
                    "the watch closed after the client left",
                    () -> api.server().eventStreams() == 0);
        }
    }

    @Test
    void unknownKindIsRefusedBeforeStreaming() {
        try (ApiFixture api = ApiFixture.start()) {
            HttpResponse<String> response = api.send("GET", "/v1/events?kinds=volumes,foos", null);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("unknown kind 'foos' in kinds");
        }
    }
}
