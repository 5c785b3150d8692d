package io.nflint.nft.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftStmt;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** libnftables-json expressions into the same {@link NftExpr}s the text parser builds. */
final class NftJsonExprs {

    private final SourceSpan span;

    NftJsonExprs(SourceSpan span) {
        this.span = span;
    }

    NftExpr expr(JsonNode n) {
        if (n == null || n.isNull()) {
            return new NftExpr.Value("");
        }
        if (n.isTextual()) {
            String s = n.asText();
            return s.startsWith("@") ? new NftExpr.SetRef(s.substring(1)) : new NftExpr.Value(s);
        }
        if (n.isNumber()) {
            return new NftExpr.Value(n.bigIntegerValue().toString());
        }
        if (n.isBoolean()) {
            return new NftExpr.Value(n.asBoolean() ? "exists" : "missing");
        }
        if (n.isArray()) {
            List<String> names = new ArrayList<>();
            n.forEach(x -> names.add(x.asText()));
            return new NftExpr.Flags(names);
        }
        if (n.size() == 0) {
            return new NftExpr.Keyed("json", List.of(n.toString()));
        }
        Map.Entry<String, JsonNode> e = n.fields().next();
        String k = e.getKey();
        JsonNode v = e.getValue();
        switch (k) {
            case "payload":
                if (v.has("base")) {
                    return new NftExpr.RawPayload(v.get("base").asText(), v.get("offset").asInt(), v.get("len").asInt());
                }
                return new NftExpr.Payload(v.get("protocol").asText(), v.get("field").asText());
            case "meta":
                return new NftExpr.Meta(v.get("key").asText());
            case "ct":
                return new NftExpr.Ct(v.get("key").asText(), text(v, "dir"), text(v, "family"));
            case "fib": {
                List<String> flags = new ArrayList<>();
                JsonNode f = v.get("flags");
                if (f != null && f.isArray()) {
                    f.forEach(x -> flags.add(x.asText()));
                } else if (f != null) {
                    flags.add(f.asText());
                }
                return new NftExpr.Fib(flags, v.get("result").asText());
            }
            case "numgen":
                return new NftExpr.Numgen(v.get("mode").asText(), v.path("mod").asLong(), v.path("offset").asLong());
            case "jhash":
            case "symhash":
                return new NftExpr.Hash(k, v.has("expr") ? expr(v.get("expr")) : null, v.path("mod").asLong(),
                        v.path("seed").asLong(), v.path("offset").asLong());
            case "rt": {
                List<String> w = new ArrayList<>();
                if (v.has("family")) {
                    w.add(v.get("family").asText());
                }
                w.add(v.get("key").asText());
                return new NftExpr.Keyed("rt", w);
            }
            case "socket": {
                List<String> w = new ArrayList<>(List.of(v.get("key").asText()));
                if (v.has("level")) {
                    w.add("level");
                    w.add(v.get("level").asText());
                }
                return new NftExpr.Keyed("socket", w);
            }
            case "osf": {
                List<String> w = new ArrayList<>();
                if (v.has("ttl")) {
                    w.add("ttl");
                    w.add(v.get("ttl").asText());
                }
                w.add(v.get("key").asText());
                return new NftExpr.Keyed("osf", w);
            }
            case "ipsec": {
                List<String> w = new ArrayList<>();
                w.add(v.path("dir").asText("in"));
                if (v.has("spnum") && v.get("spnum").asInt() != 0) {
                    w.add("spnum");
                    w.add(v.get("spnum").asText());
                }
                if (v.has("family")) {
                    w.add(v.get("family").asText());
                }
                w.add(v.get("key").asText());
                return new NftExpr.Keyed("ipsec", w);
            }
            case "exthdr": {
                List<String> w = new ArrayList<>(List.of(v.get("name").asText()));
                if (v.has("field")) {
                    w.add(v.get("field").asText());
                }
                return new NftExpr.Keyed("exthdr", w);
            }
            case "tcp option":
            case "ip option":
            case "sctp chunk": {
                List<String> w = new ArrayList<>(List.of(v.get("name").asText()));
                if (v.has("field")) {
                    w.add(v.get("field").asText());
                }
                return new NftExpr.Keyed(k, w);
            }
            case "prefix":
                return new NftExpr.Prefix(expr(v.get("addr")), v.get("len").asInt());
            case "range":
                return new NftExpr.Range(expr(v.get(0)), expr(v.get(1)));
            case "concat": {
                List<NftExpr> parts = new ArrayList<>();
                v.forEach(x -> parts.add(expr(x)));
                return new NftExpr.Concat(parts);
            }
            case "set":
                return new NftExpr.SetLiteral(elements(v));
            case "&":
            case "|":
            case "^":
            case "<<":
            case ">>":
                return new NftExpr.Binop(k, expr(v.get(0)), expr(v.get(1)));
            case "map":
                return new NftExpr.MapLookup(expr(v.get("key")), expr(v.get("data")));
            case "elem":
                return expr(v.get("val"));
            default:
                if (NftJsonStmts.VERDICTS.contains(k)) {
                    return verdict(k, v);
                }
                return new NftExpr.Keyed(k, List.of(v.toString()));
        }
    }

    static NftExpr.Verdict verdict(String k, JsonNode v) {
        NftStmt.VerdictKind kind = NftStmt.VerdictKind.valueOf(k.toUpperCase(Locale.ROOT));
        return new NftExpr.Verdict(kind, v != null && v.has("target") ? v.get("target").asText() : null);
    }

    /** A set's or anonymous set's elements: values, {@code [key, data]} pairs, {@code {"elem": …}}. */
    List<NftElement> elements(JsonNode arr) {
        List<NftElement> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        if (!arr.isArray()) {
            out.add(element(arr));
            return out;
        }
        for (JsonNode x : arr) {
            out.add(element(x));
        }
        return out;
    }

    private NftElement element(JsonNode x) {
        if (x.isArray() && x.size() == 2) {
            NftElement key = element(x.get(0));
            return new NftElement(key.key(), Optional.of(expr(x.get(1))), key.timeoutMs(), key.comment(), span);
        }
        if (x.isObject() && x.has("elem")) {
            JsonNode e = x.get("elem");
            Optional<Long> timeout = e.has("timeout") ? Optional.of(e.get("timeout").asLong() * 1000) : Optional.empty();
            Optional<String> comment = e.has("comment") ? Optional.of(e.get("comment").asText()) : Optional.empty();
            return new NftElement(expr(e.get("val")), Optional.empty(), timeout, comment, span);
        }
        return new NftElement(expr(x), Optional.empty(), Optional.empty(), Optional.empty(), span);
    }

    static String text(JsonNode v, String field) {
        JsonNode f = v.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }

    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n.fields();
    }
}
