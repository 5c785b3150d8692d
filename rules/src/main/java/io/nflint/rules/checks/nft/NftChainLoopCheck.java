package io.nflint.rules.checks.nft;

import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftRefs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chains that jump back into themselves: nft's loop detection rejects the ruleset ("Too many links"). */
@CheckInfo(id = "NFL603", name = "nft-chain-loop", severity = Severity.ERROR,
        summary = "nft chains that reach themselves through jumps, gotos or verdict maps: the kernel rejects the loop")
public final class NftChainLoopCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (NftTable t : rs.tables()) {
                Map<String, List<NftRefs.Jump>> edges = new LinkedHashMap<>();
                for (NftRefs.Jump j : NftRefs.jumps(t)) {
                    edges.computeIfAbsent(j.from(), k -> new ArrayList<>()).add(j);
                }
                Set<String> reported = new HashSet<>();
                for (String start : edges.keySet()) {
                    List<NftRefs.Jump> path = new ArrayList<>();
                    List<NftRefs.Jump> cycle = find(start, start, edges, path, new HashSet<>());
                    if (cycle == null) {
                        continue;
                    }
                    List<String> members = cycle.stream().map(NftRefs.Jump::from).sorted().toList();
                    if (!reported.add(String.join(" ", members))) {
                        continue;
                    }
                    NftRefs.Jump back = cycle.get(cycle.size() - 1);
                    StringBuilder route = new StringBuilder(start);
                    cycle.forEach(j -> route.append(" -> ").append(j.to()));
                    FindingSink.Report r = sink.at(back.span(), "chain loop in " + NftRefs.where(t) + ": " + route
                            + "; the kernel rejects a ruleset whose chains can reach themselves");
                    for (NftRefs.Jump j : cycle.subList(0, cycle.size() - 1)) {
                        r.related(j.span(), (j.isGoto() ? "goto " : "jump ") + j.to());
                    }
                    r.location(t.name(), back.from(), back.rule() == null ? "" : back.rule().text())
                            .help("break the loop: return to the caller instead of jumping back to '" + back.to() + "'")
                            .report();
                }
            }
        }
    }

    private static List<NftRefs.Jump> find(String start, String at, Map<String, List<NftRefs.Jump>> edges,
                                           List<NftRefs.Jump> path, Set<String> seen) {
        for (NftRefs.Jump j : edges.getOrDefault(at, List.of())) {
            path.add(j);
            if (j.to().equals(start)) {
                return new ArrayList<>(path);
            }
            if (seen.add(j.to())) {
                List<NftRefs.Jump> c = find(start, j.to(), edges, path, seen);
                if (c != null) {
                    return c;
                }
            }
            path.remove(path.size() - 1);
        }
        return null;
    }
}
