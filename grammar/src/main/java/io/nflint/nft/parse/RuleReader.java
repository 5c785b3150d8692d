package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftStmt.RelOp;
import io.nflint.ir.nft.NftStmt.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Types the terms of one rule into statements over expressions, by nft's keywords: verdicts (and
 * the chains bound to them), matches, set updates; the other statements and the expressions are
 * read by the classes it extends. A term it cannot
 * place raises {@link Unexpected} at that term, which the builder reports the way nft does
 * ("syntax error, unexpected X").
 */
final class RuleReader extends ActionReader {

    /** A term where none of its kind may stand; {@code item} null means the rule ended too early. */
    static final class Unexpected extends RuntimeException {
        final transient Item item;

        Unexpected(Item item, String message) {
            super(message, null, false, false);
            this.item = item;
        }
    }

    /** Takes the rules of a {@code jump { … }}; null where no binding may stand (sets, nested groups). */
    private final ChainBinder binder;
    private String comment;

    RuleReader(List<Item> items) {
        this(items, null);
    }

    RuleReader(List<Item> items, ChainBinder binder) {
        super(items);
        this.binder = binder;
    }

    @Override
    ExprReader sub(List<Item> inner) {
        return new RuleReader(inner);
    }

    /** One rule of a chain: its statements, comment, span (on its first line) and text. */
    static io.nflint.ir.nft.NftRule rule(List<Item> items, ChainBinder binder) {
        Result r = new RuleReader(items, binder).read();
        return new io.nflint.ir.nft.NftRule(r.statements(), r.comment(), through(items.get(0), items.get(items.size() - 1)),
                NftCommands.text(items));
    }

    record Result(List<NftStmt> statements, Optional<String> comment) { }

    Result read() {
        List<NftStmt> out = new ArrayList<>();
        while (pos < items.size()) {
            NftStmt s = statement();
            if (s != null) {
                out.add(s);
            }
        }
        return new Result(out, Optional.ofNullable(comment));
    }

    // ---- statements ------------------------------------------------------------------------------

    @Override
    NftStmt statement() {
        Item first = peek();
        String w = first.isGroup() ? "" : first.text();
        switch (w) {
            case "accept", "drop", "continue", "return" -> {
                pos++;
                return new NftStmt.Verdict(VerdictKind.valueOf(w.toUpperCase(Locale.ROOT)), Optional.empty(),
                        first.span());
            }
            case "jump", "goto" -> {
                pos++;
                Item target = next("a chain name");
                if (target.isGroup() && target.group() == '{' && binder != null && target.braced() != null) {
                    List<io.nflint.ir.nft.NftRule> rules = new ArrayList<>();
                    for (List<Item> line : target.lines()) {
                        rules.add(rule(line, binder));
                    }
                    SourceSpan at = through(first, target);
                    return new NftStmt.Verdict(VerdictKind.valueOf(w.toUpperCase(Locale.ROOT)),
                            Optional.of(binder.bind(rules, at)), at);
                }
                if (target.isGroup()) {
                    String raw = target.token().getInputStream().getText(org.antlr.v4.runtime.misc.Interval.of(
                            target.token().getStartIndex(), target.close().getStopIndex()));
                    return new NftStmt.Unmodelled(collapse(w + " " + raw), through(first, target));
                }
                return new NftStmt.Verdict(VerdictKind.valueOf(w.toUpperCase(Locale.ROOT)),
                        Optional.of(target.unquoted()), through(first, target));
            }
            case "comment" -> {
                pos++;
                comment = next("a comment").unquoted();
                return null;
            }
            case "counter" -> {
                pos++;
                Map<String, String> o = options("packets", "bytes", "name");
                o.remove("packets");
                o.remove("bytes");
                return action("counter", o, first);
            }
            case "log" -> {
                pos++;
                return action("log", options("prefix", "level", "group", "snaplen", "queue-threshold", "flags"), first);
            }
            case "limit" -> {
                pos++;
                return limit(first);
            }
            case "quota" -> {
                pos++;
                return quota(first);
            }
            case "queue" -> {
                pos++;
                return action("queue", options("num", "flags", "to", "bypass", "fanout"), first);
            }
            case "notrack", "last" -> {
                pos++;
                return action(w, options("used"), first);
            }
            case "dup", "fwd" -> {
                pos++;
                Map<String, String> o = new LinkedHashMap<>();
                if (peekIsWord("ip") || peekIsWord("ip6")) {
                    o.put("family", take().text());
                }
                if (peekIsWord("to")) {
                    pos++;
                    o.put("addr", exprText(valueOrSelector()));
                }
                if (peekIsWord("device")) {
                    pos++;
                    o.put("dev", exprText(valueOrSelector()));
                }
                return action(w, o, first);
            }
            case "tproxy" -> {
                pos++;
                return tproxy(first);
            }
            case "synproxy" -> {
                pos++;
                return action("synproxy", options("mss", "wscale", "timestamp", "sack-perm", "name"), first);
            }
            case "flow" -> {
                pos++;
                Map<String, String> o = new LinkedHashMap<>();
                if (peekIsWord("add") || peekIsWord("offload")) {
                    pos++;
                }
                o.put("flowtable", next("a flowtable").text().replaceFirst("^@", ""));
                return action("flow", o, first);
            }
            case "xt" -> {
                pos++;
                Map<String, String> o = new LinkedHashMap<>();
                o.put("type", next("match or target").text());
                o.put("name", next("a name").unquoted());
                return action("xt", o, first);
            }
            case "reject" -> {
                pos++;
                return reject(first);
            }
            case "snat", "dnat" -> {
                pos++;
                return nat(w.equals("snat") ? NftStmt.NatKind.SNAT : NftStmt.NatKind.DNAT, first);
            }
            case "masquerade", "redirect" -> {
                pos++;
                return nat(w.equals("masquerade") ? NftStmt.NatKind.MASQUERADE : NftStmt.NatKind.REDIRECT, first);
            }
            case "add", "update", "delete" -> {
                if (pos + 1 < items.size() && items.get(pos + 1).is(NftLexer.SETREF)) {
                    pos++;
                    Item set = take();
                    Item group = next("{ element }");
                    if (!group.isGroup()) {
                        throw new Unexpected(group, "expecting '{'");
                    }
                    RuleReader inner = new RuleReader(group.inner());
                    NftExpr key = inner.concat(true);
                    while (inner.pos < inner.items.size()) {
                        if (inner.peek().is(NftLexer.COLON)) {
                            inner.pos++;
                            inner.concat(true);
                        } else if (inner.peekIsWord("timeout", "expires")) {
                            inner.pos += 2;
                        } else {
                            inner.statement(); // limit/counter per element: state
                        }
                    }
                    return new NftStmt.SetUpdate(w, set.text().substring(1), key, through(first, group));
                }
                return match(first);
            }
            default -> {
                return match(first);
            }
        }
    }

    private NftStmt match(Item first) {
        NftExpr left = selectorExpr();
        if (pos >= items.size()) {
            throw new Unexpected(null, "unexpected end of rule after '" + exprText(left) + "'");
        }
        Item op = peek();
        String t = op.isGroup() ? "" : op.text();
        if (t.equals("vmap")) {
            pos++;
            NftExpr map = primaryValue();
            return new NftStmt.VerdictMap(left, map, through(first, last()));
        }
        if (t.equals("set") || op.is(NftLexer.SET)) {
            pos++;
            NftExpr value = valueOrSelector();
            return new NftStmt.Assign(left, value, through(first, last()));
        }
        RelOp rel;
        String relName = NftVocabulary.RELOPS.get(t);
        if (relName != null && !op.isGroup()) {
            pos++;
            rel = RelOp.valueOf(relName);
        } else {
            rel = null;
        }
        if (pos >= items.size()) {
            throw new Unexpected(null, "unexpected end of rule");
        }
        NftExpr right = rhs();
        if (right instanceof NftExpr.Binop b && b.op().equals("/")) {
            left = new NftExpr.Binop("&", left, b.right());
            right = b.left();
            if (rel == null) {
                rel = RelOp.EQ;
            }
        }
        if (rel == null) {
            rel = isBitmask(left) && (right instanceof NftExpr.Value || right instanceof NftExpr.Flags)
                    ? RelOp.IN : RelOp.EQ;
        }
        return new NftStmt.Match(left, rel, right, through(first, last()));
    }

    private static boolean isBitmask(NftExpr e) {
        if (e instanceof NftExpr.Ct ct) {
            return ct.key().equals("state") || ct.key().equals("status") || ct.key().equals("event");
        }
        if (e instanceof NftExpr.Payload p) {
            return p.field().equals("flags") && p.protocol().equals("tcp");
        }
        return false;
    }
}
