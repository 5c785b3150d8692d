package io.nflint.nft.parse;

import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The statements that rewrite or refuse a packet: snat, dnat, masquerade, redirect and reject. */
abstract class NatReader extends ExprReader {

    private static final java.util.Set<String> NAT_FLAGS = java.util.Set.of("random", "fully-random", "persistent",
            "netmap", "prefix");

    NatReader(List<Item> items) {
        super(items);
    }

    NftStmt reject(Item first) {
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

    NftStmt nat(NftStmt.NatKind kind, Item first) {
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

    NftExpr natAddress() {
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

    NftExpr portValue() {
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
}
