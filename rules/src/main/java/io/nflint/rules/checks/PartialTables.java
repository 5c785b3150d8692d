package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Table;

/**
 * Restore files that add to a ruleset instead of replacing it ({@code iptables-restore --noflush}
 * input, as ufw's before.rules, kube-proxy and firewalld write): their table sections declare no
 * built-in chain, which iptables-save always prints. Chains they use may exist in the kernel
 * already, and the jumps into their chains may live elsewhere.
 */
final class PartialTables {

    private PartialTables() {
    }

    static boolean isPartial(Table t) {
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
}
