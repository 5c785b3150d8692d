package io.nflint.nft.parse;

import io.nflint.ir.nft.NftStmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements with side effects only, read into their options: counter, log, limit, quota, queue,
 * tproxy and the like; also how a statement's {@code key value} options and flags are read.
 */
abstract class ActionReader extends NatReader {

    ActionReader(List<Item> items) {
        super(items);
    }

    NftStmt action(String name, Map<String, String> options, Item first) {
        return new NftStmt.Action(name, options, through(first, last()));
    }

    private static final java.util.Set<String> FLAG_WORDS = java.util.Set.of("all", "tcp", "ip", "ip6", "sequence",
            "options", "skuid", "ether", "bypass", "fanout", "random", "fully-random", "persistent");

    /** {@code key value} pairs and bare flags that belong to a statement, as far as they go. */
    Map<String, String> options(String... keys) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> known = List.of(keys);
        while (pos < items.size() && !peek().isGroup() && known.contains(peek().text())) {
            String k = take().text();
            if (k.equals("bypass") || k.equals("fanout") || k.equals("timestamp") || k.equals("sack-perm")) {
                o.merge("flags", k, (a, b) -> a + "," + b);
                continue;
            }
            if (pos >= items.size()) {
                throw new RuleReader.Unexpected(null, "syntax error, unexpected end of rule after '" + k + "'");
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

    NftStmt limit(Item first) {
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

    NftStmt quota(Item first) {
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

    NftStmt tproxy(Item first) {
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
}
