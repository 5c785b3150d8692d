package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftElement;
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
 * Types the terms of one rule into statements over expressions, by nft's keywords. A term it cannot
 * place raises {@link Unexpected} at that term, which the builder reports the way nft does
 * ("syntax error, unexpected X").
 */
final class RuleReader {

    /** A term where none of its kind may stand; {@code item} null means the rule ended too early. */
    static final class Unexpected extends RuntimeException {
        final transient Item item;

        Unexpected(Item item, String message) {
            super(message, null, false, false);
            this.item = item;
        }
    }

    private final List<Item> items;
    /** Takes the rules of a {@code jump { … }}; null where no binding may stand (sets, nested groups). */
    private final ChainBinder binder;
    private int pos;
    private String comment;
    /** Inside a set literal a comma separates elements, not the flags of one value. */
    private boolean inSet;

    RuleReader(List<Item> items) {
        this(items, null);
    }

    RuleReader(List<Item> items, ChainBinder binder) {
        this.items = items;
        this.binder = binder;
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

    private NftStmt statement() {
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

    private NftStmt action(String name, Map<String, String> options, Item first) {
        return new NftStmt.Action(name, options, through(first, last()));
    }

    private static final java.util.Set<String> NAT_FLAGS = java.util.Set.of("random", "fully-random", "persistent",
            "netmap", "prefix");

    private static final java.util.Set<String> FLAG_WORDS = java.util.Set.of("all", "tcp", "ip", "ip6", "sequence",
            "options", "skuid", "ether", "bypass", "fanout", "random", "fully-random", "persistent");

    /** {@code key value} pairs and bare flags that belong to a statement, as far as they go. */
    private Map<String, String> options(String... keys) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> known = List.of(keys);
        while (pos < items.size() && !peek().isGroup() && known.contains(peek().text())) {
            String k = take().text();
            if (k.equals("bypass") || k.equals("fanout") || k.equals("timestamp") || k.equals("sack-perm")) {
                o.merge("flags", k, (a, b) -> a + "," + b);
                continue;
            }
            if (pos >= items.size()) {
                throw new Unexpected(null, "syntax error, unexpected end of rule after '" + k + "'");
            }
            if ((k.equals("name") || k.equals("to")) && isSelectorStart(peek())) {
                o.put(k, exprText(selectorExpr()));
                continue;
            }
            if (k.equals("flags")) {
                // "flags ip options,ether": words without a comma between them name one flag
                List<String> flags = new ArrayList<>();
                boolean joined = false;
                while (pos < items.size() && !peek().isGroup()
                        && (FLAG_WORDS.contains(peek().text()) || peek().is(NftLexer.COMMA))) {
                    Item f = take();
                    if (f.is(NftLexer.COMMA)) {
                        joined = false;
                    } else if (joined) {
                        flags.set(flags.size() - 1, flags.get(flags.size() - 1) + " " + f.text());
                    } else {
                        flags.add(f.text());
                        joined = true;
                    }
                }
                o.merge("flags", String.join(",", flags), (a, b) -> a + "," + b);
                continue;
            }
            StringBuilder v = new StringBuilder(value(take()));
            while (!inSet && pos + 1 < items.size() && (peek().is(NftLexer.COMMA) || peek().is(NftLexer.MINUS))) {
                v.append(take().text()).append(value(take()));
            }
            o.put(k, v.toString());
        }
        return o;
    }

    private NftStmt limit(Item first) {
        Map<String, String> o = new LinkedHashMap<>();
        if (peekIsWord("name")) {
            pos++;
            o.put("name", isSelectorStart(peek()) ? exprText(selectorExpr()) : next("a limit name").unquoted());
            return action("limit", o, first);
        }
        if (peekIsWord("rate")) {
            pos++;
        }
        if (peekIsWord("over")) {
            pos++;
            o.put("inv", "true");
        }
        o.put("rate", number(next("a rate").text()));
        String unit = "packets";
        if (pos < items.size() && peek().is(NftLexer.WORD) && peek().text().contains("/")) {
            String[] parts = take().text().split("/", 2);
            unit = parts[0];
            o.put("per", parts[1]);
        } else {
            expect(NftLexer.SLASH, "'/'");
            o.put("per", next("a time unit").text());
        }
        o.put("rate_unit", unit);
        String burst = unit.equals("packets") ? "5" : "0";
        String burstUnit = unit.equals("packets") ? "packets" : "bytes";
        if (peekIsWord("burst")) {
            pos++;
            burst = number(next("a burst").text());
            if (pos < items.size() && !peek().isGroup() && peek().text().matches("packets|bytes|kbytes|mbytes")) {
                burstUnit = take().text();
            }
        }
        o.put("burst", burst);
        o.put("burst_unit", burstUnit);
        return action("limit", o, first);
    }

    private NftStmt quota(Item first) {
        Map<String, String> o = new LinkedHashMap<>();
        if (peekIsWord("name")) {
            pos++;
            o.put("name", isSelectorStart(peek()) ? exprText(selectorExpr()) : next("a quota name").unquoted());
            return action("quota", o, first);
        }
        if (peekIsWord("over")) {
            pos++;
            o.put("inv", "true");
        }
        o.put("val", number(next("an amount").text()));
        if (pos < items.size() && !peek().isGroup() && peek().text().matches("bytes|kbytes|mbytes|gbytes")) {
            o.put("val_unit", take().text());
        }
        if (peekIsWord("used")) {
            pos++;
            take();
            if (pos < items.size() && !peek().isGroup() && peek().text().matches("bytes|kbytes|mbytes|gbytes")) {
                take();
            }
        }
        return action("quota", o, first);
    }

    private NftStmt tproxy(Item first) {
        Map<String, String> o = new LinkedHashMap<>();
        if (peekIsWord("ip") || peekIsWord("ip6")) {
            o.put("family", take().text());
        }
        if (peekIsWord("to")) {
            pos++;
        }
        if (!peek().is(NftLexer.COLON)) {
            o.put("addr", exprText(primaryValue()));
        }
        if (pos < items.size() && peek().is(NftLexer.COLON)) {
            pos++;
            o.put("port", exprText(primaryValue()));
        }
        return action("tproxy", o, first);
    }

    private NftStmt reject(Item first) {
        Optional<String> type = Optional.empty();
        Optional<String> code = Optional.empty();
        if (peekIsWord("with")) {
            pos++;
            String t = next("icmp, icmpv6, icmpx or tcp").text();
            if (t.equals("tcp")) {
                take(); // reset
                type = Optional.of("tcp reset");
            } else {
                type = Optional.of(t);
                if (peekIsWord("type")) {
                    pos++;
                }
                code = Optional.of(value(next("a reject code")));
            }
        }
        return new NftStmt.Reject(type, code, through(first, last()));
    }

    private NftStmt nat(NftStmt.NatKind kind, Item first) {
        Optional<String> family = Optional.empty();
        Optional<NftExpr> addr = Optional.empty();
        Optional<NftExpr> port = Optional.empty();
        if ((peekIsWord("ip") || peekIsWord("ip6")) && pos + 1 < items.size()
                && java.util.Set.of("to", "addr", "prefix").contains(items.get(pos + 1).text())) {
            family = Optional.of(take().text());
        }
        List<String> preFlags = new ArrayList<>();
        if (peekIsWord("prefix")) {
            preFlags.add(take().text());
        }
        if (peekIsWord("addr") && pos + 2 < items.size() && items.get(pos + 2).isWord("port")) {
            pos += 3; // dnat ip addr . port to MAP: the map gives both
        }
        if (peekIsWord("to")) {
            pos++;
            if (!peek().is(NftLexer.COLON)) {
                NftExpr a = natAddress();
                addr = Optional.of(a);
            }
            if (pos < items.size() && peek().is(NftLexer.COLON)) {
                pos++;
                port = Optional.of(portValue());
            }
        }
        List<String> flags = new ArrayList<>(preFlags);
        while (pos < items.size() && !peek().isGroup()
                && NAT_FLAGS.contains(peek().text())) {
            flags.add(take().text());
            if (pos < items.size() && peek().is(NftLexer.COMMA)) {
                pos++;
            }
        }
        return new NftStmt.Nat(kind, family, addr, port, flags, through(first, last()));
    }

    private NftExpr natAddress() {
        Item i = peek();
        if (i.isGroup() && i.group() == '[') {
            pos++;
            RuleReader inner = new RuleReader(i.inner());
            return inner.primaryValue();
        }
        if (!i.isGroup() && isSelectorStart(i)) {
            NftExpr sel = selectorExpr();
            return sel;
        }
        NftExpr v = primaryValue();
        if (pos < items.size() && peek().is(NftLexer.MINUS)) {
            pos++;
            v = new NftExpr.Range(v, primaryValue());
        }
        return v;
    }

    private NftExpr portValue() {
        if (pos < items.size() && isSelectorStart(peek())) {
            return selectorExpr();
        }
        NftExpr v = primaryValue();
        if (pos < items.size() && peek().is(NftLexer.MINUS)) {
            pos++;
            v = new NftExpr.Range(v, primaryValue());
        }
        return v;
    }

    // ---- expressions -----------------------------------------------------------------------------

    private boolean isSelectorStart(Item i) {
        if (i.isGroup()) {
            return i.group() == '(';
        }
        if (i.is(NftLexer.SETREF)) {
            return pos + 1 < items.size() && items.get(items.indexOf(i) + 1).is(NftLexer.COMMA);
        }
        String w = i.text();
        return NftVocabulary.PAYLOAD.contains(w) || NftVocabulary.EXTHDR.contains(w) || NftVocabulary.BARE_META.contains(w)
                || NftVocabulary.KEYED.contains(w) || w.equals("meta") || w.equals("ct") || w.equals("fib")
                || w.equals("numgen") || w.equals("jhash") || w.equals("symhash") || w.equals("hash");
    }

    /** A selector with binary operators, concatenations and map lookups: the left side of a match. */
    private NftExpr selectorExpr() {
        List<NftExpr> parts = new ArrayList<>();
        parts.add(binop(selector()));
        while (pos < items.size() && peek().is(NftLexer.DOT)) {
            pos++;
            parts.add(binop(selector()));
        }
        NftExpr e = parts.size() == 1 ? parts.get(0) : new NftExpr.Concat(parts);
        if (peekIsWord("map") || pos < items.size() && peek().is(NftLexer.MAP)) {
            pos++;
            e = new NftExpr.MapLookup(e, primaryValue());
        }
        return e;
    }

    private NftExpr binop(NftExpr left) {
        while (pos < items.size() && !peek().isGroup() && NftVocabulary.BINOPS.containsKey(peek().text())) {
            String op = NftVocabulary.BINOPS.get(take().text());
            NftExpr right = pos < items.size() && isSelectorStart(peek()) && !peek().isGroup()
                    ? selector() : primaryValue();
            left = new NftExpr.Binop(op, left, right);
        }
        return left;
    }

    private NftExpr selector() {
        Item i = next("an expression");
        if (i.isGroup() && i.group() == '(') {
            RuleReader inner = new RuleReader(i.inner());
            NftExpr e = inner.selectorExpr();
            return e;
        }
        if (i.is(NftLexer.SETREF) && pos < items.size() && peek().is(NftLexer.COMMA)) {
            pos++;
            int off = Integer.parseInt(next("an offset").text());
            expect(NftLexer.COMMA, "','");
            int len = Integer.parseInt(next("a length").text());
            return new NftExpr.RawPayload(i.text().substring(1), off, len);
        }
        String w = i.isGroup() ? "" : i.text();
        if (w.equals("meta")) {
            return new NftExpr.Meta(next("a meta key").text());
        }
        if (NftVocabulary.BARE_META.contains(w) && !(w.equals("ipsec") && peekIsWord("in", "out"))) {
            return new NftExpr.Meta(w);
        }
        if (w.equals("ct")) {
            String dir = null;
            String fam = null;
            String k = next("a ct key").text();
            if (k.equals("original") || k.equals("reply")) {
                dir = k;
                k = next("a ct key").text();
            }
            if (k.equals("ip") || k.equals("ip6")) {
                fam = k;
                k = next("a ct key").text();
            }
            return new NftExpr.Ct(k, dir, fam);
        }
        if (w.equals("fib")) {
            List<String> flags = new ArrayList<>();
            flags.add(next("a fib flag").text());
            while (pos < items.size() && peek().is(NftLexer.DOT)) {
                pos++;
                flags.add(next("a fib flag").text());
            }
            String result = next("a fib result").text();
            if (result.equals("check")) {
                result = "check";
            }
            return new NftExpr.Fib(flags, result);
        }
        if (w.equals("numgen")) {
            String mode = next("random or inc").text();
            expectWord("mod");
            long mod = Long.parseLong(number(next("a modulus").text()));
            long off = 0;
            if (peekIsWord("offset")) {
                pos++;
                off = Long.parseLong(number(next("an offset").text()));
            }
            return new NftExpr.Numgen(mode, mod, off);
        }
        if (w.equals("jhash") || w.equals("symhash") || w.equals("hash")) {
            NftExpr over = null;
            if (!peekIsWord("mod")) {
                over = concatSelectors();
            }
            expectWord("mod");
            long mod = Long.parseLong(number(next("a modulus").text()));
            long seed = 0;
            long off = 0;
            while (peekIsWord("seed", "offset")) {
                String k = take().text();
                long v = Long.parseLong(number(next(k).text()));
                if (k.equals("seed")) {
                    seed = v;
                } else {
                    off = v;
                }
            }
            return new NftExpr.Hash(w.equals("hash") ? "jhash" : w, over, mod, seed, off);
        }
        if (w.equals("tcp") && peekIsWord("option")) {
            pos++;
            List<String> words = new ArrayList<>();
            words.add(next("an option").text());
            if (pos < items.size() && !peek().isGroup() && peek().text().matches("[a-z][a-z0-9-]*")
                    && !isBoundary(peek())) {
                words.add(take().text());
            }
            return new NftExpr.Keyed("tcp option", words);
        }
        if ((w.equals("ip") && peekIsWord("option")) || (w.equals("sctp") && peekIsWord("chunk"))) {
            String kind = w + " " + take().text();
            List<String> words = new ArrayList<>();
            words.add(next("a name").text());
            if (pos < items.size() && !peek().isGroup() && !isBoundary(peek())) {
                words.add(take().text());
            }
            return new NftExpr.Keyed(kind, words);
        }
        if (NftVocabulary.PAYLOAD.contains(w)) {
            String field = next("a header field").text();
            if (w.equals("arp") && (field.equals("saddr") || field.equals("daddr")) && peekIsWord("ip", "ether")) {
                field = field + " " + take().text();
            }
            return new NftExpr.Payload(w, field);
        }
        if (NftVocabulary.EXTHDR.contains(w)) {
            List<String> words = new ArrayList<>();
            words.add(w);
            words.add(next("a field").text());
            return new NftExpr.Keyed("exthdr", words);
        }
        if (NftVocabulary.KEYED.contains(w)) {
            return keyed(w);
        }
        if (i.is(NftLexer.VARIABLE)) {
            throw new Unexpected(i, "unknown identifier '" + i.text().substring(1) + "'");
        }
        throw new Unexpected(pos < items.size() ? peek() : null, "syntax error, unexpected "
                + (pos < items.size() ? describe(peek()) : "end of rule") + " after '" + w + "'");
    }

    /** rt [ip|ip6] KEY; socket KEY [level N]; osf [ttl T] KEY; ipsec in|out [spnum N] KEY; tunnel KEY. */
    private NftExpr keyed(String w) {
        List<String> words = new ArrayList<>();
        if (w.equals("rt") && peekIsWord("nexthdr", "hdrlength", "type", "seg-left")) {
            return new NftExpr.Keyed("exthdr", List.of("rt", take().text())); // the IPv6 routing header
        }
        if (w.equals("rt") && peekIsWord("ip", "ip6")) {
            words.add(take().text());
        }
        if (w.equals("ipsec") && peekIsWord("in", "out")) {
            words.add(take().text());
            if (peekIsWord("spnum")) {
                words.add(take().text());
                words.add(take().text());
            }
        }
        if (w.equals("osf") && peekIsWord("ttl")) {
            words.add(take().text());
            words.add(take().text());
        }
        words.add(next("a key").text());
        if (w.equals("ipsec") && (words.get(words.size() - 1).equals("ip") || words.get(words.size() - 1).equals("ip6"))) {
            words.add(next("a key").text());
        }
        if (w.equals("socket") && peekIsWord("level")) {
            words.add(take().text());
            words.add(take().text());
        }
        return new NftExpr.Keyed(w, words);
    }

    private NftExpr concatSelectors() {
        List<NftExpr> parts = new ArrayList<>();
        parts.add(selector());
        while (pos < items.size() && peek().is(NftLexer.DOT)) {
            pos++;
            parts.add(selector());
        }
        return parts.size() == 1 ? parts.get(0) : new NftExpr.Concat(parts);
    }

    private boolean isBoundary(Item i) {
        return NftVocabulary.STATEMENTS.contains(i.text()) || isSelectorStart(i) || i.text().equals("vmap")
                || i.text().equals("map");
    }

    /** The right side of a match: a value, list, range, prefix, concatenation or set. */
    private NftExpr rhs() {
        return concat(false);
    }

    NftExpr concat(boolean selectorsAllowed) {
        List<NftExpr> parts = new ArrayList<>();
        parts.add(selectorsAllowed ? valueOrSelectorOne() : valueWithList());
        while (pos < items.size() && peek().is(NftLexer.DOT)) {
            pos++;
            parts.add(selectorsAllowed ? valueOrSelectorOne() : valueWithList());
        }
        return parts.size() == 1 ? parts.get(0) : new NftExpr.Concat(parts);
    }

    private NftExpr valueOrSelectorOne() {
        if (pos < items.size() && isSelectorStart(peek())) {
            return binop(selector());
        }
        return valueWithList();
    }

    /** A value where a selector may also stand: the right side of {@code set}, a dup/fwd address. */
    private NftExpr valueOrSelector() {
        if (pos < items.size() && isSelectorStart(peek())) {
            return selectorExpr();
        }
        NftExpr v = valueWithList();
        if (peekIsWord("map")) {
            pos++;
            v = new NftExpr.MapLookup(v, primaryValue());
        }
        return v;
    }

    private NftExpr valueWithList() {
        NftExpr v = primaryValue();
        if (!inSet && v instanceof NftExpr.Value first && pos + 1 < items.size() && peek().is(NftLexer.COMMA)) {
            List<String> names = new ArrayList<>();
            names.add(first.text());
            while (pos + 1 < items.size() && peek().is(NftLexer.COMMA)) {
                pos++;
                names.add(value(take()));
            }
            if (pos + 1 < items.size() && peek().is(NftLexer.SLASH)) {
                pos++;
                return new NftExpr.Binop("/", new NftExpr.Flags(names), valueWithList());
            }
            return new NftExpr.Flags(names);
        }
        while (pos + 1 < items.size() && peek().is(NftLexer.PIPE)) {
            pos++;
            v = new NftExpr.Binop("|", v, primaryValue());
        }
        return v;
    }

    /** One value with its prefix length or range end, a set literal or a named set. */
    NftExpr primaryValue() {
        Item i = next("a value");
        NftExpr v;
        if (i.isGroup()) {
            if (i.group() == '{') {
                v = new NftExpr.SetLiteral(elements(i.inner()));
            } else if (i.group() == '[') {
                v = new RuleReader(i.inner()).primaryValue();
            } else {
                RuleReader inner = new RuleReader(i.inner());
                v = inner.concat(true);
                while (inner.pos < inner.items.size()) {
                    inner.pos++;
                    v = new NftExpr.Binop("|", v, inner.primaryValue());
                }
            }
        } else if (i.is(NftLexer.SETREF)) {
            return new NftExpr.SetRef(i.text().substring(1));
        } else if (i.is(NftLexer.MINUS) && pos < items.size() && peek().is(NftLexer.NUMBER)) {
            v = new NftExpr.Value("-" + take().text());
        } else if (i.is(NftLexer.VARIABLE)) {
            throw new Unexpected(i, "unknown identifier '" + i.text().substring(1) + "'");
        } else if (isPunctuation(i)) {
            throw new Unexpected(i, "syntax error, unexpected " + describe(i));
        } else if (pos < items.size() && peek().is(NftLexer.STAR)
                && peek().token().getStartIndex() == i.token().getStopIndex() + 1) {
            pos++;
            v = new NftExpr.Value(value(i) + "*");
        } else {
            v = new NftExpr.Value(value(i));
        }
        if (pos + 1 < items.size() && peek().is(NftLexer.SLASH) && !items.get(pos + 1).is(NftLexer.NUMBER)
                && !inSet) {
            // VALUE / MASK on a bitmask: "tcp flags syn / syn,rst" is (flags & (syn|rst)) == syn
            pos++;
            return new NftExpr.Binop("/", v, valueWithList());
        }
        if (pos + 1 < items.size() && peek().is(NftLexer.SLASH) && items.get(pos + 1).is(NftLexer.NUMBER)) {
            pos++;
            v = new NftExpr.Prefix(v, Integer.parseInt(take().text()));
        }
        if (pos + 1 < items.size() && peek().is(NftLexer.MINUS)) {
            pos++;
            NftExpr hi = new NftExpr.Value(value(next("a range end")));
            v = new NftExpr.Range(v, hi);
        }
        return v;
    }

    private static boolean isPunctuation(Item i) {
        return switch (i.token().getType()) {
            case NftLexer.WORD, NftLexer.STRING, NftLexer.NUMBER, NftLexer.HEX, NftLexer.IPV4, NftLexer.IPV6,
                    NftLexer.NUMUNIT, NftLexer.STAR, NftLexer.SET, NftLexer.MAP, NftLexer.TYPE, NftLexer.ADD,
                    NftLexer.DELETE, NftLexer.INSERT, NftLexer.RESET, NftLexer.LIST, NftLexer.CREATE,
                    NftLexer.REPLACE, NftLexer.DESTROY -> false;
            default -> true;
        };
    }

    /** Elements of a set literal: {@code key [: data] [timeout T] [comment "c"]}, comma separated. */
    List<NftElement> elements(List<Item> inner) {
        RuleReader r = new RuleReader(inner);
        r.inSet = true;
        List<NftElement> out = new ArrayList<>();
        while (r.pos < r.items.size()) {
            if (r.peek().is(NftLexer.COMMA) || r.peek().is(NftLexer.SEMI)) {
                r.pos++;
                continue;
            }
            Item start = r.peek();
            NftExpr key = r.concat(false);
            Optional<Long> timeout = Optional.empty();
            Optional<String> elemComment = Optional.empty();
            Optional<NftExpr> data = Optional.empty();
            while (r.pos < r.items.size() && !r.peek().is(NftLexer.COMMA)) {
                Item x = r.take();
                if (x.is(NftLexer.COLON)) {
                    Item d = r.peek();
                    if (!d.isGroup() && NftVocabulary.VERDICTS.contains(d.text())) {
                        r.pos++;
                        VerdictKind k = VerdictKind.valueOf(d.text().toUpperCase(Locale.ROOT));
                        String chain = k == VerdictKind.JUMP || k == VerdictKind.GOTO
                                ? r.next("a chain name").unquoted() : null;
                        data = Optional.of(new NftExpr.Verdict(k, chain));
                    } else {
                        data = Optional.of(r.concat(false));
                    }
                } else if (x.isWord("timeout")) {
                    timeout = Optional.of(NftTime.millis(r.take().text()));
                } else if (x.isWord("expires")) {
                    r.take();
                } else if (x.isWord("comment")) {
                    elemComment = Optional.of(r.take().unquoted());
                } else if (NftVocabulary.STATEMENTS.contains(x.text())) {
                    r.pos--;
                    r.statement(); // per-element counter/limit/quota: state, not membership
                } else {
                    throw new Unexpected(x, "syntax error, unexpected " + describe(x));
                }
            }
            out.add(new NftElement(key, data, timeout, elemComment, elementSpan(start, r.last())));
        }
        return out;
    }

    /** An element from its key through its data, where both stand on one line (a long list is not underlined whole). */
    private static SourceSpan elementSpan(Item start, Item end) {
        return through(start, end);
    }

    /** From the first item through the last, on the first item's line. */
    static SourceSpan through(Item first, Item last) {
        return NftTokenSource.span(first.token(), last.close());
    }

    // ---- tokens ----------------------------------------------------------------------------------

    /** A value token as nft prints it: numbers in decimal, strings without quotes. */
    static String value(Item i) {
        if (i.isGroup()) {
            throw new Unexpected(i, "syntax error, unexpected " + describe(i));
        }
        return switch (i.token().getType()) {
            case NftLexer.STRING -> i.unquoted();
            case NftLexer.NUMBER, NftLexer.HEX -> number(i.text());
            default -> i.text();
        };
    }

    static String number(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return new java.math.BigInteger(text.substring(2), 16).toString();
            }
            return new java.math.BigInteger(text).toString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static String describe(Item i) {
        if (i == null) {
            return "end of file";
        }
        if (i.isGroup()) {
            return "'" + i.group() + "'";
        }
        return i.token().getType() == NftLexer.JUNK ? "junk" : i.text();
    }

    static String exprText(NftExpr e) {
        return NftExprText.of(e);
    }

    /** Whitespace runs as one space: how a verbatim statement compares across text and JSON. */
    public static String collapse(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    private Item peek() {
        return items.get(pos);
    }

    private Item last() {
        return items.get(Math.max(0, pos - 1));
    }

    private Item take() {
        if (pos >= items.size()) {
            throw new Unexpected(null, "syntax error, unexpected end of rule");
        }
        return items.get(pos++);
    }

    private Item next(String what) {
        if (pos >= items.size()) {
            throw new Unexpected(null, "syntax error, unexpected end of rule, expecting " + what);
        }
        return items.get(pos++);
    }

    private boolean peekIsWord(String... words) {
        if (pos >= items.size() || peek().isGroup()) {
            return false;
        }
        String t = peek().text();
        for (String w : words) {
            if (w.equals(t)) {
                return true;
            }
        }
        return false;
    }

    private void expect(int type, String what) {
        Item i = next(what);
        if (!i.is(type)) {
            throw new Unexpected(i, "syntax error, unexpected " + describe(i) + ", expecting " + what);
        }
    }

    private void expectWord(String w) {
        Item i = next("'" + w + "'");
        if (!i.isWord(w)) {
            throw new Unexpected(i, "syntax error, unexpected " + describe(i) + ", expecting " + w);
        }
    }

    SourceSpan lastSpan() {
        return last().span();
    }
}
