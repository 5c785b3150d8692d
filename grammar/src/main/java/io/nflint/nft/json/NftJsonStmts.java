package io.nflint.nft.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftStmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * libnftables-json statements into the {@link NftStmt}s the text parser builds, with the same
 * defaults filled in (a limit's burst, a counter without its counts), so text and JSON of one
 * ruleset give equal IR.
 */
final class NftJsonStmts {

    static final Set<String> VERDICTS = Set.of("accept", "drop", "continue", "return", "jump", "goto");

    private final SourceSpan span;
    private final NftJsonExprs exprs;
    private final io.nflint.nft.parse.ChainBinder binder;

    NftJsonStmts(SourceSpan span, io.nflint.nft.parse.ChainBinder binder) {
        this.span = span;
        this.exprs = new NftJsonExprs(span);
        this.binder = binder;
    }

    NftStmt stmt(JsonNode n) {
        if (n.isTextual()) {
            // nft -j prints a chain binding as its nft text
            Optional<NftStmt> bound = io.nflint.nft.parse.BoundChainText.read(n.asText(), span, binder);
            if (bound.isPresent()) {
                return bound.get();
            }
            return new NftStmt.Unmodelled(io.nflint.nft.parse.RuleReaderText.collapse(n.asText()), span);
        }
        if (n.size() == 0) {
            return new NftStmt.Unmodelled(n.toString(), span);
        }
        Map.Entry<String, JsonNode> e = n.fields().next();
        String k = e.getKey();
        JsonNode v = e.getValue();
        if (VERDICTS.contains(k)) {
            NftExpr.Verdict vd = NftJsonExprs.verdict(k, v);
            return new NftStmt.Verdict(vd.kind(), Optional.ofNullable(vd.chain()), span);
        }
        switch (k) {
            case "match": {
                NftStmt.RelOp op = switch (v.get("op").asText()) {
                    case "in" -> NftStmt.RelOp.IN;
                    case "!=" -> NftStmt.RelOp.NE;
                    case "<" -> NftStmt.RelOp.LT;
                    case ">" -> NftStmt.RelOp.GT;
                    case "<=" -> NftStmt.RelOp.LE;
                    case ">=" -> NftStmt.RelOp.GE;
                    case "!" -> NftStmt.RelOp.NOT;
                    default -> NftStmt.RelOp.EQ;
                };
                return new NftStmt.Match(exprs.expr(v.get("left")), op, exprs.expr(v.get("right")), span);
            }
            case "vmap":
                return new NftStmt.VerdictMap(exprs.expr(v.get("key")), exprs.expr(v.get("data")), span);
            case "mangle":
                return new NftStmt.Assign(exprs.expr(v.get("key")), exprs.expr(v.get("value")), span);
            case "snat":
            case "dnat":
            case "masquerade":
            case "redirect":
                return nat(k, v);
            case "reject": {
                if (v == null || v.isNull()) {
                    return new NftStmt.Reject(Optional.empty(), Optional.empty(), span);
                }
                Optional<String> type = Optional.ofNullable(NftJsonExprs.text(v, "type"));
                Optional<String> code = Optional.ofNullable(NftJsonExprs.text(v, "expr"));
                return new NftStmt.Reject(type, type.filter(t -> t.equals("tcp reset")).isPresent() ? Optional.empty() : code,
                        span);
            }
            case "set":
            case "map": {
                String set = v.get(k).asText().replaceFirst("^@", "");
                return new NftStmt.SetUpdate(v.get("op").asText(), set, exprs.expr(v.get("elem")), span);
            }
            case "counter": {
                Map<String, String> o = new LinkedHashMap<>();
                if (v != null && v.isTextual()) {
                    o.put("name", v.asText());
                } else if (v != null && v.has("map")) {
                    o.put("name", RuleTextOf.expr(exprs.expr(v)));
                }
                return new NftStmt.Action("counter", o, span);
            }
            case "ct helper":
            case "ct expectation":
            case "ct timeout":
                return new NftStmt.Assign(new NftExpr.Ct(k.substring(3), null, null), exprs.expr(v), span);
            case "limit":
                return limit(v);
            case "quota": {
                Map<String, String> o = new LinkedHashMap<>();
                if (v.isTextual() || v.has("map")) {
                    o.put("name", v.isTextual() ? v.asText() : RuleTextOf.expr(exprs.expr(v)));
                } else {
                    if (v.path("inv").asBoolean(false)) {
                        o.put("inv", "true");
                    }
                    o.put("val", v.get("val").asText());
                    if (v.has("val_unit")) {
                        o.put("val_unit", v.get("val_unit").asText());
                    }
                }
                return new NftStmt.Action("quota", o, span);
            }
            default:
                return action(k, v);
        }
    }

    private NftStmt nat(String k, JsonNode v) {
        NftStmt.NatKind kind = NftStmt.NatKind.valueOf(k.toUpperCase(Locale.ROOT));
        if (v == null || v.isNull()) {
            return new NftStmt.Nat(kind, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), span);
        }
        List<String> flags = new ArrayList<>();
        JsonNode f = v.get("flags");
        if (f != null && f.isArray()) {
            f.forEach(x -> flags.add(x.asText()));
        } else if (f != null) {
            flags.add(f.asText());
        }
        if (flags.contains("prefix") || v.has("type_flags")) {
            flags.remove("netmap"); // nft -j adds it to prefix mappings; the text says prefix only
        }
        JsonNode tf = v.get("type_flags");
        if (tf != null && (tf.isArray() ? tf.toString().contains("prefix") : tf.asText().equals("prefix"))) {
            flags.add(0, "prefix");
        }
        return new NftStmt.Nat(kind, Optional.ofNullable(NftJsonExprs.text(v, "family")),
                Optional.ofNullable(v.get("addr")).map(exprs::expr), Optional.ofNullable(v.get("port")).map(exprs::expr),
                flags, span);
    }

    private NftStmt limit(JsonNode v) {
        Map<String, String> o = new LinkedHashMap<>();
        if (v.isTextual() || v.has("map")) {
            o.put("name", v.isTextual() ? v.asText() : RuleTextOf.expr(exprs.expr(v)));
            return new NftStmt.Action("limit", o, span);
        }
        if (v.path("inv").asBoolean(false)) {
            o.put("inv", "true");
        }
        String unit = v.path("rate_unit").asText("packets");
        o.put("rate", v.get("rate").asText());
        o.put("per", v.path("per").asText("second"));
        o.put("rate_unit", unit);
        o.put("burst", v.path("burst").asText(unit.equals("packets") ? "5" : "0"));
        o.put("burst_unit", v.path("burst_unit").asText(unit.equals("packets") ? "packets" : "bytes"));
        return new NftStmt.Action("limit", o, span);
    }

    /** log, queue, notrack, dup, fwd, tproxy, synproxy, flow, xt …: options flattened as the text parser keeps them. */
    private NftStmt action(String k, JsonNode v) {
        Map<String, String> o = new LinkedHashMap<>();
        if (v != null && v.isObject() && v.size() == 1 && v.has("map")) {
            o.put("name", RuleTextOf.expr(exprs.expr(v)));
        } else if (v != null && v.isObject()) {
            v.fields().forEachRemaining(f -> {
                String key = f.getKey();
                JsonNode val = f.getValue();
                if (k.equals("flow") && key.equals("op")) {
                    return;
                }
                String s;
                if (val.isArray()) {
                    List<String> parts = new ArrayList<>();
                    val.forEach(x -> parts.add(x.asText()));
                    s = String.join(",", parts);
                } else if (val.isValueNode()) {
                    s = val.asText().replaceFirst("^@", "");
                } else {
                    s = RuleTextOf.expr(exprs.expr(val));
                }
                o.put(key, s);
            });
        }
        return new NftStmt.Action(k, o, span);
    }
}
