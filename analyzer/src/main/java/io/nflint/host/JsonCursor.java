package io.nflint.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.nflint.ir.Ip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A position in a {@link LocatedJson} tree: navigation that keeps the JSON pointer, and typed
 * reads that fail with that pointer's line and column. Absent and {@code null} read alike: the
 * tools print {@code null} for empty collections.
 */
record JsonCursor(LocatedJson doc, String pointer, JsonNode node) {

    boolean missing() {
        return node == null || node.isNull();
    }

    JsonCursor get(String field) {
        JsonNode child = node != null && node.isObject() ? node.get(field) : null;
        return new JsonCursor(doc, pointer + "/" + LocatedJson.escape(field), child);
    }

    BundleFormatException fail(String message) {
        return doc.error(pointer, message);
    }

    /** Elements of an array; empty when absent. */
    List<JsonCursor> array() throws BundleFormatException {
        if (missing()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail("expected an array, found " + describe());
        }
        List<JsonCursor> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonCursor(doc, pointer + "/" + i, node.get(i)));
        }
        return out;
    }

    /** Fields of an object in document order; empty when absent. */
    Map<String, JsonCursor> object() throws BundleFormatException {
        if (missing()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw fail("expected an object, found " + describe());
        }
        Map<String, JsonCursor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), new JsonCursor(doc, pointer + "/" + LocatedJson.escape(e.getKey()), e.getValue()));
        }
        return out;
    }

    void requireObject() throws BundleFormatException {
        if (node == null || !node.isObject()) {
            throw fail("expected an object, found " + describe());
        }
    }

    String text() throws BundleFormatException {
        String s = optText();
        if (s == null) {
            throw fail("missing string");
        }
        return s;
    }

    /** A string, or a number/boolean rendered as text; null when absent. */
    String optText() throws BundleFormatException {
        if (missing()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw fail("expected a string, found " + describe());
        }
        return node.asText();
    }

    /** An integer, also from a numeric string; {@code dflt} when absent. */
    int optInt(int dflt) throws BundleFormatException {
        if (missing()) {
            return dflt;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw fail("expected an integer, found " + describe());
    }

    /** A boolean, also from "true"/"false"/0/1; null when absent. */
    Boolean optBool() throws BundleFormatException {
        if (missing()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.intValue() != 0;
        }
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw fail("expected a boolean, found " + describe());
    }

    boolean optBool(boolean dflt) throws BundleFormatException {
        Boolean b = optBool();
        return b == null ? dflt : b;
    }

    /** An address; null when absent or empty (the engines print "" for "none"). */
    Ip optIp() throws BundleFormatException {
        String s = optText();
        if (s == null || s.isEmpty()) {
            return null;
        }
        return Ip.parse(s).orElseThrow(() -> fail("not an IP address: \"" + s + "\""));
    }

    List<String> textList() throws BundleFormatException {
        List<String> out = new ArrayList<>();
        for (JsonCursor c : array()) {
            out.add(c.text());
        }
        return out;
    }

    Map<String, String> textMap() throws BundleFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonCursor> e : object().entrySet()) {
            String v = e.getValue().optText();
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private String describe() {
        if (node == null) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
