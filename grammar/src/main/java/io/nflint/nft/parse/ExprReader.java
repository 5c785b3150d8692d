package io.nflint.nft.parse;

import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftStmt.VerdictKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Expressions of nft rules: selectors (payload, meta, ct, fib, numgen, hashes, keyed selectors) with
 * binary operators, concatenations and map lookups, and values (prefixes, ranges, flag lists, set
 * literals with their elements, named sets).
 */
abstract class ExprReader extends TermCursor {

    /** Inside a set literal a comma separates elements, not the flags of one value. */
    boolean inSet;

    ExprReader(List<Item> items) {
        super(items);
    }

    /** A statement where one may stand inside an expression: a set element's counter or limit. */
    abstract NftStmt statement();

    /** A reader of the same kind over a group's inner terms. */
    abstract ExprReader sub(List<Item> inner);

    boolean isSelectorStart(Item i) {
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
    NftExpr selectorExpr() {
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

    NftExpr binop(NftExpr left) {
        while (pos < items.size() && !peek().isGroup() && NftVocabulary.BINOPS.containsKey(peek().text())) {
            String op = NftVocabulary.BINOPS.get(take().text());
            NftExpr right = pos < items.size() && isSelectorStart(peek()) && !peek().isGroup()
                    ? selector() : primaryValue();
            left = new NftExpr.Binop(op, left, right);
        }
        return left;
    }

    NftExpr selector() {
        Item i = next("an expression");
        if (i.isGroup() && i.group() == '(') {
            ExprReader inner = sub(i.inner());
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
            throw new RuleReader.Unexpected(i, "unknown identifier '" + i.text().substring(1) + "'");
        }
        throw new RuleReader.Unexpected(pos < items.size() ? peek() : null, "syntax error, unexpected "
                + (pos < items.size() ? describe(peek()) : "end of rule") + " after '" + w + "'");
    }

    /** rt [ip|ip6] KEY; socket KEY [level N]; osf [ttl T] KEY; ipsec in|out [spnum N] KEY; tunnel KEY. */
    NftExpr keyed(String w) {
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

    NftExpr concatSelectors() {
        List<NftExpr> parts = new ArrayList<>();
        parts.add(selector());
        while (pos < items.size() && peek().is(NftLexer.DOT)) {
            pos++;
            parts.add(selector());
        }
        return parts.size() == 1 ? parts.get(0) : new NftExpr.Concat(parts);
    }

    boolean isBoundary(Item i) {
        return NftVocabulary.STATEMENTS.contains(i.text()) || isSelectorStart(i) || i.text().equals("vmap")
                || i.text().equals("map");
    }

    /** The right side of a match: a value, list, range, prefix, concatenation or set. */
    NftExpr rhs() {
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

    NftExpr valueOrSelectorOne() {
        if (pos < items.size() && isSelectorStart(peek())) {
            return binop(selector());
        }
        return valueWithList();
    }

    /** A value where a selector may also stand: the right side of {@code set}, a dup/fwd address. */
    NftExpr valueOrSelector() {
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

    NftExpr valueWithList() {
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
                v = sub(i.inner()).primaryValue();
            } else {
                ExprReader inner = sub(i.inner());
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
            throw new RuleReader.Unexpected(i, "unknown identifier '" + i.text().substring(1) + "'");
        } else if (isPunctuation(i)) {
            throw new RuleReader.Unexpected(i, "syntax error, unexpected " + describe(i));
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

    /** Elements of a set literal: {@code key [: data] [timeout T] [comment "c"]}, comma separated. */
    List<NftElement> elements(List<Item> inner) {
        ExprReader r = sub(inner);
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
                    throw new RuleReader.Unexpected(x, "syntax error, unexpected " + describe(x));
                }
            }
            out.add(new NftElement(key, data, timeout, elemComment, elementSpan(start, r.last())));
        }
        return out;
    }
}
