package io.nflint.rules.support;

import io.nflint.ir.Chain;
import io.nflint.ir.Table;

/**
 * Which tables a structural check should look at. Restore files that add to a ruleset instead of replacing it ({@code iptables-restore --noflush}
 * input, as ufw's before.rules, kube-proxy and firewalld write): their table sections declare no
 * built-in chain, which iptables-save always prints. Chains they use may exist in the kernel
 * already, and the jumps into their chains may live elsewhere.
 */
public final class TableScope {

    private TableScope() {
    }

    public static boolean isPartial(Table t) {
        if (t.span() == null) {
            return false;
        }
        for (Chain c : t.chains()) {
            if (c.builtin() && (c.declared() || !c.rules().isEmpty())) {
                return false;
            }
        }
        return true;
    }

    /**
     * False for a table the family does not have ({@code *filtre}): restore rejects its header
     * (NFL003), and its INPUT or PREROUTING are not built-in there, so reporting them as user chains
     * with policies or as unreferenced would only repeat that one mistake many times.
     */
    public static boolean isKnown(io.nflint.ir.Ruleset rs, Table t) {
        return io.nflint.ir.BuiltinChains.isTable(rs.family(), t.name());
    }
}
