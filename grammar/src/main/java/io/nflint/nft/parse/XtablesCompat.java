package io.nflint.nft.parse;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * iptables-nft keeps the tables {@code iptables-save} prints as nft tables ({@code table ip filter}
 * with chains INPUT, FORWARD, OUTPUT at the standard priorities, rules with {@code xt} expressions
 * where nft has no native form). On a host bundle that also has the iptables-save dump, those
 * tables are the same rules seen twice; this tells them apart from native tables.
 */
public final class XtablesCompat {

    private static final Map<String, Set<String>> TABLES = Map.of(
            "filter", Set.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", Set.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", Set.of("PREROUTING", "OUTPUT"),
            "security", Set.of("INPUT", "FORWARD", "OUTPUT"),
            "broute", Set.of("BROUTING"));

    private XtablesCompat() {
    }

    /**
     * True when the table has the name and base chains of an xtables table (every base chain one of
     * that table's built-in chains), or carries {@code xt} expressions: what iptables-nft writes.
     */
    public static boolean isXtablesTable(NftTable t) {
        if (t.family() != NftFamily.IP && t.family() != NftFamily.IP6 && t.family() != NftFamily.BRIDGE
                && t.family() != NftFamily.ARP) {
            return false;
        }
        if (hasXt(t)) {
            return true;
        }
        Set<String> builtins = TABLES.get(t.name());
        if (builtins == null) {
            return false;
        }
        boolean anyBase = false;
        for (NftChain c : t.chains()) {
            if (c.isBase()) {
                anyBase = true;
                if (!builtins.contains(c.name())) {
                    return false;
                }
            }
        }
        return anyBase;
    }

    private static boolean hasXt(NftTable t) {
        return t.chains().stream().flatMap(c -> c.rules().stream()).flatMap(r -> r.statements().stream())
                .anyMatch(s -> s instanceof NftStmt.Action a && a.name().equals("xt"));
    }

    /** The ruleset without the xtables tables of the given families (those the bundle's dumps already hold). */
    public static NftRuleset withoutXtablesTables(NftRuleset rs, Set<NftFamily> dumped) {
        List<NftTable> kept = rs.tables().stream()
                .filter(t -> !(dumped.contains(t.family()) && isXtablesTable(t))).toList();
        return new NftRuleset(rs.file(), kept, rs.flushRulesets(), rs.tableResets(), rs.files(), rs.script(),
                rs.diagnostics(), rs.comments(), rs.includedTexts(), rs.hooks());
    }
}
