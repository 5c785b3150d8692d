package io.nflint.rules.checks.nft;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftRefs;
import java.util.HashSet;
import java.util.Set;

/**
 * A regular chain no rule jumps or goes to, or a named set or map no rule uses: its rules or
 * elements never see a packet. Often a renamed reference, and a protection believed in place.
 */
@CheckInfo(id = "NFL605", name = "nft-unused", severity = Severity.WARNING,
        summary = "An nft regular chain nothing jumps to, or a named set or map no rule refers to")
public final class NftUnusedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftTable t : NftRefs.completeTables(context)) {
            Set<String> targets = new HashSet<>();
            NftRefs.jumps(t).forEach(j -> targets.add(j.to()));
            for (NftChain c : t.chains()) {
                if (c.isBase() || targets.contains(c.name())) {
                    continue;
                }
                FindingSink.Report r = sink.at(c.span(), "chain '" + c.name() + "' in " + NftRefs.where(t)
                        + " is not a base chain and no rule jumps or goes to it: "
                        + (c.rules().isEmpty() ? "it is empty" : c.rules().size() == 1 ? "its only rule never runs"
                        : "its " + c.rules().size() + " rules never run"));
                if (c.rules().isEmpty()) {
                    r.severity(Severity.INFO);
                }
                r.location(t.name(), c.name(), "").help("add the jump that was meant to use it, or delete the chain")
                        .report();
            }
            Set<String> used = new HashSet<>();
            NftRefs.setUses(t).forEach(u -> used.add(u.set()));
            for (NftSet s : t.sets()) {
                if (used.contains(s.name())) {
                    continue;
                }
                sink.at(s.span(), (s.map() ? "map" : "set") + " '" + s.name() + "' in " + NftRefs.where(t)
                                + " is not used by any rule"
                                + (s.elements().isEmpty() ? "" : ": its " + s.elements().size() + " elements match nothing"))
                        .severity(Severity.INFO)
                        .location(t.name(), "", "")
                        .help("refer to it (@" + s.name() + ") where it was meant to apply, or delete it")
                        .report();
            }
        }
    }
}
