package dev.corral.controlplane.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.units.ByteSize;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reading request bodies; every refusal is a 400 whose reason says what was wrong and where. */
final class RequestBodies {
    private RequestBodies() {}

    /** The body as a JSON object. */
    static JsonNode object(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("the request needs a JSON object body");
        }
        JsonNode body;
        try {
            body = ResourceJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + reason(e));
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return body;
    }

    /** A full resource of {@code kind}; a {@code kind} field, when given, must name it. */
    static <T extends Resource> T resource(Kind<T> kind, JsonNode body) {
        JsonNode givenKind = body.get("kind");
        if (givenKind != null && !kind.name().equals(givenKind.asText())) {
            throw ApiException.badRequest(
                    "the body is a " + givenKind.asText() + " but this path takes a " + kind.name());
        }
        if (!body.path("metadata").path("name").isTextual()) {
            throw ApiException.badRequest("a " + kind.name() + " needs metadata.name");
        }
        if (!body.path("metadata").has("resourceVersion")) {
            // A new object has no version yet; asking a client to write 0 helps nobody.
            ((ObjectNode) body.get("metadata")).put("resourceVersion", 0);
        }
        try {
            return ResourceJson.mapper().treeToValue(body, kind.type());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("not a valid " + kind.name() + ": " + reason(e));
        }
    }

    /** A required text field. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("the body needs \"" + field + "\": a non-empty string");
        }
        return value.asText();
    }

    /** A required boolean field. */
    static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw ApiException.badRequest("the body needs \"" + field + "\": true or false");
        }
        return value.asBoolean();
    }

    /** A size in bytes, given as a number or as text with a unit ("1Gi", "512Mi", "4096"). */
    static long size(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value != null && value.isTextual()) {
            try {
                return ByteSize.parse(value.asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("\"" + field + "\": " + e.getMessage());
            }
        }
        throw ApiException.badRequest(
                "the body needs \"" + field + "\": bytes as a number, or a string such as \"1Gi\" or \"512Mi\"");
    }

    private static final Pattern NULL_PRIMITIVE = Pattern.compile("Cannot map `null` into type `(\\w+)`.*");

    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        Matcher nullPrimitive = NULL_PRIMITIVE.matcher(message);
        if (nullPrimitive.matches()) {
            // Jackson's own wording names its configuration switch, which is no help to a client.
            message = "a " + nullPrimitive.group(1) + " value is required";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // Reading from a tree has no text position; the field path says where instead.
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return message + " (at " + path + ")";
        }
        JsonLocation where = e.getLocation();
        if (where == null || where.getLineNr() < 0) {
            return message;
        }
        return message + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
