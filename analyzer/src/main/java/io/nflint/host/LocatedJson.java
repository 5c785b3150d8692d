package io.nflint.host;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON document that remembers where each value started, so that an error found while reading
 * the tree (a bad address, a missing field) can still point at a line and column. Jackson's tree
 * model drops locations, hence the small tree builder here.
 */
final class LocatedJson {

    /** Deeper than any ip -j or inspect output; a deeper document is refused with its position. */
    static final int MAX_DEPTH = 200;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH * 5).build())
            .build();

    private final Path file;
    private final JsonNode root;
    private final Map<String, int[]> where;

    private LocatedJson(Path file, JsonNode root, Map<String, int[]> where) {
        this.file = file;
        this.root = root;
        this.where = where;
    }

    static LocatedJson read(Path file) throws BundleFormatException {
        Map<String, int[]> where = new HashMap<>();
        try {
            InputFiles.check(file, InputFiles.Limit.JSON);
        } catch (InputFiles.Refused e) {
            throw new BundleFormatException(file, 0, 0, e.getMessage());
        }
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new BundleFormatException(file, 1, 1, "empty file, expected JSON");
            }
            JsonNode root = build(p, "", where, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation loc = p.currentTokenLocation();
                throw new BundleFormatException(file, loc.getLineNr(), loc.getColumnNr(),
                        "unexpected content after the JSON value");
            }
            return new LocatedJson(file, root, where);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            int col = loc == null ? 0 : loc.getColumnNr();
            throw new BundleFormatException(file, Math.max(line, 0), Math.max(col, 0),
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BundleFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Recurses per level of the document, which {@link #MAX_DEPTH} bounds. */
    private static JsonNode build(JsonParser p, String pointer, Map<String, int[]> where, int depth) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        if (depth >= MAX_DEPTH) {
            throw new JsonParseException(p, "nesting depth over " + MAX_DEPTH + " levels; no ip -j or inspect output is that deep",
                    loc);
        }
        where.put(pointer, new int[] {loc.getLineNr(), loc.getColumnNr()});
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, build(p, pointer + "/" + escape(name), where, depth + 1));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(build(p, pointer + "/" + i++, where, depth + 1));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    Path file() {
        return file;
    }

    JsonCursor root() {
        return new JsonCursor(this, "", root);
    }

    /** An error at {@code pointer}, or at the nearest enclosing value that has a location. */
    BundleFormatException error(String pointer, String message) {
        String p = pointer;
        int[] loc = where.get(p);
        while (loc == null && !p.isEmpty()) {
            p = p.substring(0, p.lastIndexOf('/'));
            loc = where.get(p);
        }
        String at = pointer.isEmpty() ? "" : "at " + pointer + ": ";
        return new BundleFormatException(file, loc == null ? 0 : loc[0], loc == null ? 0 : loc[1], at + message);
    }
}
