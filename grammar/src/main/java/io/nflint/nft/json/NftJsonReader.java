package io.nflint.nft.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftBaseChain;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftFlowtable;
import io.nflint.ir.nft.NftObject;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code nft -j list ruleset} (libnftables-json; also its command form, {@code {"add": …}})
 * into the IR the text parser builds. Each object's span is where it starts in the JSON text; a
 * malformed document gives one positioned diagnostic instead of a ruleset.
 */
public final class NftJsonReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OBJECTS = Set.of("counter", "quota", "limit", "ct helper", "ct timeout",
            "ct expectation", "secmark", "synproxy");

    private NftJsonReader() {
    }

    private static final class TableB {
        final NftFamily family;
        final String name;
        final SourceSpan span;
        final List<String> flags = new ArrayList<>();
        final Map<String, ChainB> chains = new LinkedHashMap<>();
        final Map<String, NftSet> sets = new LinkedHashMap<>();
        final List<NftFlowtable> flowtables = new ArrayList<>();
        final List<NftObject> objects = new ArrayList<>();
        final List<NftChain> bound = new ArrayList<>();

        TableB(NftFamily family, String name, SourceSpan span) {
            this.family = family;
            this.name = name;
            this.span = span;
        }
    }

    private record ChainB(String name, Optional<NftBaseChain> base, List<NftRule> rules, SourceSpan span) { }

    public static NftRuleset read(String displayName, byte[] json) {
        Map<String, TableB> tables = new LinkedHashMap<>();
        List<ParseDiagnostic> diagnostics = new ArrayList<>();
        List<SourceSpan> flushes = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonMalformed("expected a JSON object with an \"nftables\" array", p.currentLocation());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("nftables")) {
                    p.skipChildren();
                    continue;
                }
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw new JsonMalformed("\"nftables\" must be an array", p.currentLocation());
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    JsonLocation at = p.currentTokenLocation();
                    JsonNode node = MAPPER.readTree(p);
                    SourceSpan span = span(displayName, at);
                    try {
                        item(node, span, tables, flushes, false);
                    } catch (RuntimeException e) {
                        diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.MALFORMED_VALUE,
                                "cannot read this object: " + e.getClass().getSimpleName()
                                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), span));
                    }
                }
            }
        } catch (JsonMalformed e) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, e.getMessage(), span(displayName, e.at)));
        } catch (JsonProcessingException e) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, "malformed JSON: " + e.getOriginalMessage(),
                    span(displayName, e.getLocation())));
        } catch (IOException e) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, "cannot read JSON: " + e.getMessage(),
                    new SourceSpan(displayName, 1, 1, 2, 0, 1)));
        }
        List<NftTable> out = new ArrayList<>();
        for (TableB t : tables.values()) {
            List<NftChain> chains = new ArrayList<>();
            t.chains.values().forEach(c -> chains.add(new NftChain(c.name, c.base, c.rules, List.of(c.span), c.span)));
            chains.addAll(t.bound);
            out.add(new NftTable(t.family, t.name, t.flags, chains, List.copyOf(t.sets.values()), t.flowtables, t.objects,
                    t.span));
        }
        return new NftRuleset(displayName, out, flushes, List.of(), List.of(displayName), false, diagnostics);
    }

    private static final class JsonMalformed extends RuntimeException {
        final transient JsonLocation at;

        JsonMalformed(String message, JsonLocation at) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private static SourceSpan span(String file, JsonLocation at) {
        if (at == null) {
            return new SourceSpan(file, 1, 1, 2, 0, 1);
        }
        int line = Math.max(1, at.getLineNr());
        int col = Math.max(1, at.getColumnNr());
        int off = (int) Math.max(0, at.getCharOffset());
        return new SourceSpan(file, line, col, col + 1, off, off + 1);
    }

    private static void item(JsonNode node, SourceSpan span, Map<String, TableB> tables, List<SourceSpan> flushes,
                             boolean insert) {
        Map.Entry<String, JsonNode> e = node.fields().next();
        String k = e.getKey();
        JsonNode v = e.getValue();
        switch (k) {
            case "metainfo" -> { }
            case "add", "create" -> item(v, span, tables, flushes, false);
            case "insert" -> item(v, span, tables, flushes, true);
            case "flush" -> {
                if (v.has("ruleset")) {
                    flushes.add(span);
                    tables.clear();
                } else if (v.has("chain")) {
                    JsonNode c = v.get("chain");
                    ChainB ch = table(tables, c, span).chains.get(c.get("name").asText());
                    if (ch != null) {
                        ch.rules.clear();
                    }
                }
            }
            case "table" -> {
                TableB t = table(tables, v, span, "name");
                JsonNode flags = v.get("flags");
                // nft 1.0.6 prints a table's name where its flags belong: such a value is no flag
                if (flags != null && !flags.asText().equals(t.name)) {
                    if (flags.isArray()) {
                        flags.forEach(f -> t.flags.add(f.asText()));
                    } else {
                        t.flags.add(flags.asText());
                    }
                }
            }
            case "chain" -> chain(table(tables, v, span), v, span);
            case "rule" -> rule(table(tables, v, span), v, span, insert);
            case "set", "map" -> {
                TableB t = table(tables, v, span);
                t.sets.put(v.get("name").asText(), set(v, k.equals("map"), span));
            }
            case "element" -> {
                TableB t = table(tables, v, span);
                NftSet s = t.sets.get(v.get("name").asText());
                if (s != null) {
                    List<io.nflint.ir.nft.NftElement> el = new ArrayList<>(s.elements());
                    el.addAll(new NftJsonExprs(span).elements(v.get("elem")));
                    t.sets.put(s.name(), new NftSet(s.name(), s.map(), s.keyType(), s.dataType(), s.flags(), s.timeoutMs(),
                            s.size(), el, s.comment(), s.span()));
                }
            }
            case "flowtable" -> {
                TableB t = table(tables, v, span);
                t.flowtables.add(new NftFlowtable(v.get("name").asText(), v.path("hook").asText("ingress"),
                        v.path("prio").asInt(0), strings(v.get("dev")), span));
            }
            default -> {
                if (OBJECTS.contains(k)) {
                    table(tables, v, span).objects.add(new NftObject(k, v.get("name").asText(), span));
                }
            }
        }
    }

    private static TableB table(Map<String, TableB> tables, JsonNode v, SourceSpan span) {
        return table(tables, v, span, "table");
    }

    private static TableB table(Map<String, TableB> tables, JsonNode v, SourceSpan span, String nameField) {
        NftFamily family = NftFamily.of(v.path("family").asText("ip")).orElseThrow(
                () -> new IllegalArgumentException("unknown family " + v.path("family")));
        String name = v.get(nameField).asText();
        return tables.computeIfAbsent(family.keyword() + " " + name, x -> new TableB(family, name, span));
    }

    private static void chain(TableB t, JsonNode v, SourceSpan span) {
        String name = v.get("name").asText();
        Optional<NftBaseChain> base = Optional.empty();
        if (v.has("hook")) {
            List<String> devs = strings(v.has("dev") ? v.get("dev") : v.get("devices"));
            base = Optional.of(new NftBaseChain(v.path("type").asText("filter"), v.get("hook").asText(),
                    v.path("prio").asInt(0), Optional.ofNullable(NftJsonExprs.text(v, "policy")), devs, span));
        }
        ChainB old = t.chains.get(name);
        t.chains.put(name, new ChainB(name, base, old == null ? new ArrayList<>() : old.rules, span));
    }

    private static void rule(TableB t, JsonNode v, SourceSpan span, boolean insert) {
        String chain = v.get("chain").asText();
        ChainB c = t.chains.computeIfAbsent(chain, n -> new ChainB(n, Optional.empty(), new ArrayList<>(), span));
        NftJsonStmts stmts = new NftJsonStmts(span, (rules, at) -> {
            String name = io.nflint.nft.parse.ChainBinder.name(t.bound.size());
            t.bound.add(new NftChain(name, Optional.empty(), rules, List.of(at), at, true));
            return name;
        });
        List<NftStmt> list = new ArrayList<>();
        Optional<String> comment = Optional.ofNullable(NftJsonExprs.text(v, "comment"));
        for (JsonNode x : v.path("expr")) {
            list.add(stmts.stmt(x));
        }
        NftRule r = new NftRule(list, comment, span, v.path("expr").toString());
        if (insert) {
            c.rules.add(0, r);
        } else {
            c.rules.add(r);
        }
    }

    private static NftSet set(JsonNode v, boolean map, SourceSpan span) {
        List<String> flags = strings(v.get("flags"));
        Optional<Long> timeout = v.has("timeout") ? Optional.of(v.get("timeout").asLong() * 1000) : Optional.empty();
        Optional<Long> size = v.has("size") ? Optional.of(v.get("size").asLong()) : Optional.empty();
        Optional<String> data = map ? Optional.of(String.join(" . ", strings(v.get("map")))) : Optional.empty();
        return new NftSet(v.get("name").asText(), map, strings(v.get("type")), data, flags, timeout, size,
                new NftJsonExprs(span).elements(v.get("elem")), Optional.ofNullable(NftJsonExprs.text(v, "comment")), span);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(x -> out.add(x.isObject() && x.has("typeof") ? x.get("typeof").toString() : x.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }
}
