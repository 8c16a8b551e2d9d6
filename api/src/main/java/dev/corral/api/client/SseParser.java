package dev.corral.api.client;

import java.util.Optional;

/**
 * Server-sent events from lines, as the HTML standard reads them: {@code field: value} lines
 * gather into an event that a blank line completes; lines starting with ':' are comments
 * (heartbeats). Only the fields the API sends are kept.
 */
final class SseParser {
    /** One complete event. */
    record Event(String id, String type, String data) {}

    private String id;
    private String type;
    private StringBuilder data;

    /** Takes one line (without its end); answers the event a blank line completes. */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            if (data == null) {
                type = null;
                return Optional.empty();
            }
            Event event = new Event(id, type == null ? "message" : type, data.toString());
            type = null;
            data = null;
            return Optional.of(event);
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // retry and unknown fields: nothing to keep
            }
        }
        return Optional.empty();
    }
}
