package dev.corral.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static List<SseParser.Event> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void fieldsGatherUntilABlankLine() {
        assertThat(parse("retry: 2000", "", "id: 7", "event: ADDED", "data: {\"a\":1}", "", ": heartbeat", ""))
                .containsExactly(new SseParser.Event("7", "ADDED", "{\"a\":1}"));
    }

    @Test
    void dataLinesJoinAndTheTypeDefaultsToMessage() {
        assertThat(parse("data:one", "data: two", "", "event: SYNCED", "data", ""))
                .containsExactly(
                        new SseParser.Event(null, "message", "one\ntwo"), new SseParser.Event(null, "SYNCED", ""));
    }

    @Test
    void anIncompleteEventIsNotDelivered() {
        assertThat(parse("id: 1", "event: ADDED", "data: {}")).isEmpty();
    }
}
