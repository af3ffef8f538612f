package io.purposegate.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The decision API's documents as JSON, with Jackson's streaming generator and parser: the request of
 * {@code POST /v1/decisions} and {@code POST /v1/decisions/batch} out, decisions and problem details in.
 * One factory for the whole process, no data binding and no tree on the way.
 *
 * <p>Reading is strict where a wrong shape could let data out: a decision needs a boolean {@code allow};
 * every known member must have its documented type; duplicate members and content after the document make
 * it malformed. Unknown members are skipped. A malformed document reads as null, and the caller fails closed.
 */
final class DecisionJson {

    /** The factory of a plain ObjectMapper: context values of types the generator does not know go through it. */
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DecisionJson() {
    }

    // ---------------------------------------------------------------- out

    /** {@code {"action","purpose","resource":{...},"context":{...}}}. */
    static byte[] request(String action, String purpose, PdpResource resource, Map<String, Object> context) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("action", action);
            json.writeStringField("purpose", purpose);
            json.writeFieldName("resource");
            writeResource(json, resource);
            json.writeFieldName("context");
            writeValue(json, context);
            json.writeEndObject();
        });
    }

    /** {@code {"action","purpose","context":{...},"resources":[...]}}. */
    static byte[] batchRequest(String action, String purpose, List<PdpResource> resources, Map<String, Object> context) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("action", action);
            json.writeStringField("purpose", purpose);
            json.writeFieldName("context");
            writeValue(json, context);
            json.writeArrayFieldStart("resources");
            for (PdpResource resource : resources) {
                writeResource(json, resource);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private interface Writing {
        void to(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            writing.to(json);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail: only a context value no JSON can hold gets here
            throw new UncheckedIOException("decision request could not be written as JSON", e);
        }
        return bytes.toByteArray();
    }

    /** Null members are left out (as before: the PDP tells a missing owner from an empty one); fields always go. */
    private static void writeResource(JsonGenerator json, PdpResource resource) throws IOException {
        json.writeStartObject();
        if (resource.type() != null) {
            json.writeStringField("type", resource.type());
        }
        if (resource.id() != null) {
            json.writeStringField("id", resource.id());
        }
        if (resource.owner() != null) {
            json.writeStringField("owner", resource.owner());
        }
        json.writeArrayFieldStart("fields");
        for (String field : resource.fields()) {
            json.writeString(field);
        }
        json.writeEndArray();
        if (resource.retentionFrom() != null) {
            json.writeStringField("retention_from", resource.retentionFrom());
        }
        json.writeEndObject();
    }

    /** The context's usual values written directly; anything else through the ObjectMapper behind the factory. */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else {
            json.writeObject(value);
        }
    }

    // ---------------------------------------------------------------- in

    /** @return the decision, or null unless the document is one well-formed decision */
    static PdpDecision decision(byte[] body) {
        try (JsonParser json = FACTORY.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Document document = readDocument(json);
            return document == null || json.nextToken() != null ? null : document.decision();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What a {@code 503} says: a denying decision (the PDP's own shape), or a problem document's reasons and
     * decision id, which becomes a denial. Null when the body says neither, or claims an allow.
     */
    static PdpDecision denial(byte[] body) {
        try (JsonParser json = FACTORY.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Document document = readDocument(json);
            return document == null || json.nextToken() != null ? null : document.denial();
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the decisions, or null unless the document holds exactly {@code expected} well-formed ones */
    static List<PdpDecision> decisions(byte[] body, int expected) {
        try (JsonParser json = FACTORY.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<PdpDecision> all = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (!"decisions".equals(name)) {
                    json.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    return null;
                }
                all = new ArrayList<>(expected);
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    Document document = readDocument(json);
                    PdpDecision decision = document == null ? null : document.decision();
                    if (decision == null || all.size() == expected) {
                        return null;
                    }
                    all.add(decision);
                }
                if (json.currentToken() != JsonToken.END_ARRAY) {
                    return null;
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                return null;
            }
            return all != null && all.size() == expected ? all : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the {@code detail} of a problem document, or null when it has none or is not one */
    static String problemDetail(byte[] body) {
        try (JsonParser json = FACTORY.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String detail = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if ("detail".equals(name) && value == JsonToken.VALUE_STRING) {
                    detail = json.getText();
                } else {
                    json.skipChildren();
                }
            }
            return detail;
        } catch (IOException e) {
            return null;
        }
    }

    /** The members of one decision (or problem) document, as read. */
    private static final class Document {
        String decisionId;
        Boolean allow;
        PdpDecision.Fields fields;
        List<PdpDecision.Reason> reasons;
        String policyRevision;
        Integer consentV;
        boolean review;

        PdpDecision decision() {
            return allow == null ? null : new PdpDecision(decisionId, allow, fields, reasons, policyRevision, consentV, review);
        }

        PdpDecision denial() {
            if (Boolean.TRUE.equals(allow) || (allow == null && (reasons == null || reasons.isEmpty()))) {
                return null;
            }
            return new PdpDecision(decisionId, false, fields, reasons, policyRevision, consentV, false);
        }
    }

    /**
     * Reads an object whose START_OBJECT is the current token, up to and including its END_OBJECT.
     *
     * @return the document, or null when a known member has the wrong type
     */
    private static Document readDocument(JsonParser json) throws IOException {
        Document document = new Document();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            boolean ok = switch (name) {
                case "decision_id" -> {
                    document.decisionId = text(json, value);
                    yield document.decisionId != null || value == JsonToken.VALUE_NULL;
                }
                case "allow" -> {
                    document.allow = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                            : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    yield document.allow != null;
                }
                case "fields" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        yield true;
                    }
                    document.fields = value == JsonToken.START_OBJECT ? readFields(json) : null;
                    yield document.fields != null;
                }
                case "reasons" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        yield true;
                    }
                    document.reasons = value == JsonToken.START_ARRAY ? readReasons(json) : null;
                    yield document.reasons != null;
                }
                case "policy_revision" -> {
                    document.policyRevision = text(json, value);
                    yield document.policyRevision != null || value == JsonToken.VALUE_NULL;
                }
                case "consent_v" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        yield true;
                    }
                    if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
                        yield false;
                    }
                    document.consentV = json.getIntValue();
                    yield true;
                }
                case "review" -> {
                    document.review = value == JsonToken.VALUE_TRUE;
                    yield value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE || value == JsonToken.VALUE_NULL;
                }
                default -> {
                    json.skipChildren();
                    yield true;
                }
            };
            if (!ok) {
                return null;
            }
        }
        return json.currentToken() == JsonToken.END_OBJECT ? document : null;
    }

    /** {@code {"allowed":[...],"masked":{field: strategy},"denied":[...]}}; unknown members skipped. */
    private static PdpDecision.Fields readFields(JsonParser json) throws IOException {
        List<String> allowed = null;
        Map<String, String> masked = null;
        List<String> denied = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "allowed", "denied" -> {
                    List<String> names = value == JsonToken.VALUE_NULL ? List.of()
                            : value == JsonToken.START_ARRAY ? readStrings(json) : null;
                    if (names == null) {
                        return null;
                    }
                    if (name.equals("allowed")) {
                        allowed = names;
                    } else {
                        denied = names;
                    }
                }
                case "masked" -> {
                    masked = value == JsonToken.VALUE_NULL ? Map.of()
                            : value == JsonToken.START_OBJECT ? readStrategies(json) : null;
                    if (masked == null) {
                        return null;
                    }
                }
                default -> json.skipChildren();
            }
        }
        return new PdpDecision.Fields(allowed, masked, denied);
    }

    private static List<String> readStrings(JsonParser json) throws IOException {
        List<String> names = new ArrayList<>();
        while (json.nextToken() == JsonToken.VALUE_STRING) {
            names.add(json.getText());
        }
        return json.currentToken() == JsonToken.END_ARRAY ? names : null;
    }

    private static Map<String, String> readStrategies(JsonParser json) throws IOException {
        Map<String, String> strategies = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            if (json.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            strategies.put(field, json.getText());
        }
        return strategies;
    }

    /** {@code [{"code","message"}, ...]}; a reason's unknown members skipped. */
    private static List<PdpDecision.Reason> readReasons(JsonParser json) throws IOException {
        List<PdpDecision.Reason> reasons = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            String code = null;
            String message = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("code") || name.equals("message")) {
                    String text = text(json, value);
                    if (text == null && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    if (name.equals("code")) {
                        code = text;
                    } else {
                        message = text;
                    }
                } else {
                    json.skipChildren();
                }
            }
            reasons.add(new PdpDecision.Reason(code, message));
        }
        return json.currentToken() == JsonToken.END_ARRAY ? reasons : null;
    }

    private static String text(JsonParser json, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? json.getText() : null;
    }
}
