package io.nflint.nft.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a set or map declaration: {@code type}, {@code typeof} (resolved to datatypes),
 * {@code flags}, {@code timeout}, {@code size}, {@code comment} and {@code elements}.
 */
final class SetDeclarations {

    private SetDeclarations() {
    }

    static void item(NftBuild.Set set, List<Item> items) {
        String key = items.get(0).text();
        List<Item> rest = items.subList(1, items.size());
        switch (key) {
            case "type" -> {
                List<String> keys = new ArrayList<>();
                int i = 0;
                keys.add(rest.get(i++).text());
                while (i < rest.size() && rest.get(i).is(NftLexer.DOT)) {
                    keys.add(rest.get(i + 1).text());
                    i += 2;
                }
                set.keyType = keys;
                if (i < rest.size() && rest.get(i).is(NftLexer.COLON)) {
                    StringBuilder d = new StringBuilder(rest.get(i + 1).text());
                    for (int j = i + 2; j + 1 < rest.size() && rest.get(j).is(NftLexer.DOT); j += 2) {
                        d.append(" . ").append(rest.get(j + 1).text());
                    }
                    set.dataType = d.toString();
                }
            }
            case "typeof" -> typeOf(set, rest);
            case "flags" -> {
                for (Item i : rest) {
                    if (!i.is(NftLexer.COMMA)) {
                        set.flags.add(i.text());
                    }
                }
            }
            case "timeout" -> set.timeout = NftTime.millis(rest.get(0).text());
            case "size" -> set.size = Long.parseLong(rest.get(0).text());
            case "comment" -> set.comment = rest.get(0).unquoted();
            case "elements" -> {
                Item g = rest.get(rest.size() - 1);
                if (g.isGroup()) {
                    set.elements.addAll(new RuleReader(List.of()).elements(g.inner()));
                } else {
                    throw new RuleReader.Unexpected(g, "syntax error, unexpected " + RuleReader.describe(g));
                }
            }
            default -> {
                // policy, auto-merge, gc-interval, counter: not modelled
            }
        }
    }

    /** {@code typeof ip saddr . tcp dport : verdict}: the datatypes the expressions have. */
    private static void typeOf(NftBuild.Set set, List<Item> rest) {
        List<String> keys = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean data = false;
        for (Item i : rest) {
            if (i.is(NftLexer.DOT) || i.is(NftLexer.COLON)) {
                keys.add(NftVocabulary.typeOf(canonicalSelector(cur.toString().trim())));
                cur.setLength(0);
                if (i.is(NftLexer.COLON)) {
                    data = true;
                    set.keyType = keys;
                    keys = new ArrayList<>();
                }
                continue;
            }
            cur.append(i.text()).append(' ');
        }
        String lastSel = canonicalSelector(cur.toString().trim());
        String t = lastSel.equals("verdict") ? "verdict" : NftVocabulary.typeOf(lastSel);
        if (data) {
            keys.add(t);
            set.dataType = String.join(" . ", keys);
        } else {
            keys.add(t);
            set.keyType = keys;
        }
    }

    private static String canonicalSelector(String s) {
        String first = s.contains(" ") ? s.substring(0, s.indexOf(' ')) : s;
        if (NftVocabulary.BARE_META.contains(first) && !s.contains(" ")) {
            return "meta " + s;
        }
        if (first.equals("numgen") || first.equals("jhash") || first.equals("symhash")) {
            return first;
        }
        return s;
    }
}
