package io.nflint.rules.checks;

import io.nflint.rules.support.CallGraphs;
import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.CallGraph;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.Generators;
import io.nflint.rules.support.Spelling;
import io.nflint.rules.support.TableScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * References to chains that are not there. The parser cannot tell {@code -j LOGDORP} (a typo for
 * a chain) from a target extension it has never heard of, so the message covers both; either way
 * restore fails on that line unless a kernel extension of that name exists.
 */
@CheckInfo(id = "NFL007", name = "undefined-chain", severity = Severity.ERROR,
        summary = "A jump or goto to a chain the table does not declare, or a rule in an undeclared chain")
public final class UndefinedChainCheck implements Check {

    /** Target names people mistype; suggested alongside the table's chains. */
    private static final List<String> COMMON_TARGETS = List.of("ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "NFLOG",
            "MARK", "CONNMARK", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP", "CT", "NOTRACK", "TRACE",
            "TCPMSS", "CHECKSUM", "NFQUEUE", "TPROXY", "CONTINUE");

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                if (!TableScope.isKnown(rs, t)) {
                    continue;
                }
                checkTable(context, rs, t, sink);
            }
        }
    }

    private static void checkTable(CheckContext context, Ruleset rs, Table t, FindingSink sink) {
        CallGraph graph = CallGraphs.of(context, t);
        List<CallGraph.Edge> ufwChains = new ArrayList<>();
        boolean partial = TableScope.isPartial(t);
        List<String> candidates = new ArrayList<>();
        for (Chain c : t.chains()) {
            if (!c.builtin()) {
                candidates.add(c.name());
            }
        }
        candidates.addAll(COMMON_TARGETS);
        for (String from : graph.chains()) {
            for (CallGraph.Edge e : graph.edgesFrom(from)) {
                String how = e.isGoto() ? "-g " : "-j ";
                Optional<Chain> target = t.chain(e.to());
                if (target.isEmpty()) {
                    if (partial && Generators.UFW.owns(e.to()) && Generators.of(rs).orElse(null) == Generators.UFW) {
                        // ufw's before/after/user *.rules fragments: ufw creates its chains before loading them
                        ufwChains.add(e);
                        continue;
                    }
                    Optional<String> suggestion = Spelling.closest(e.to(), candidates);
                    FindingSink.Report report = partial
                            ? sink.at(e.span(), how + e.to() + ": table '" + t.name() + "' of this file has no chain '"
                                    + e.to() + "'; the file declares no built-in chain, so it looks like input for"
                                    + " iptables-restore --noflush, which fails unless the chain already exists")
                                    .severity(Severity.WARNING)
                            : sink.at(e.span(), how + e.to() + ": table '" + t.name() + "' has no chain '" + e.to()
                                    + "', and it is not a target nflint knows; iptables-restore fails here unless a"
                                    + " kernel extension of that name exists");
                    report.rule(e.rule())
                            .help(suggestion.map(s -> "did you mean '" + s + "'?")
                                    .orElse("declare the chain (':" + e.to() + " - [0:0]') or fix the name"))
                            .report();
                } else if (target.get().builtin()) {
                    sink.at(e.span(), how + e.to() + ": '" + e.to() + "' is a built-in chain of table '" + t.name()
                                    + "'; only user-defined chains can be jumped to, so restore fails here")
                            .rule(e.rule())
                            .help("move the shared rules into a user chain and jump to it from both chains")
                            .report();
                } else if (!target.get().declared()) {
                    sink.at(e.span(), how + e.to() + ": chain '" + e.to() + "' has rules but is never declared in table '"
                                    + t.name() + "'; iptables-restore fails")
                            .rule(e.rule())
                            .help(declareHelp(rs, e.to()))
                            .report();
                }
            }
        }
        if (!ufwChains.isEmpty()) {
            CallGraph.Edge e = ufwChains.get(0);
            java.util.Set<String> names = new java.util.TreeSet<>();
            ufwChains.forEach(x -> names.add(x.to()));
            sink.at(e.span(), (e.isGoto() ? "-g " : "-j ") + e.to() + ": this ufw rules file jumps to " + names.size()
                            + (names.size() == 1 ? " chain" : " chains") + " it does not declare (" + String.join(", ", names)
                            + "); ufw creates them before it loads the file, so iptables-restore --noflush finds them")
                    .severity(Severity.INFO)
                    .rule(e.rule())
                    .help("nothing to do: check the whole rule set ufw loads (iptables-save on the host) to see them")
                    .report();
        }
        for (Chain c : t.chains()) {
            if (c.builtin() || c.declared() || c.rules().isEmpty()) {
                continue;
            }
            Rule first = c.rules().get(0);
            FindingSink.Report report = sink.at(first.span(), "rule in chain '" + c.name() + "', which table '" + t.name()
                    + "' never declares; iptables-restore fails here (\"No chain/target/match by that name\")"
                    + (partial ? " unless the chain already exists (--noflush)" : ""));
            if (partial) {
                report.severity(Severity.WARNING);
            }
            report.rule(first)
                    .help(declareHelp(rs, c.name()))
                    .report();
        }
    }

    private static String declareHelp(Ruleset rs, String chain) {
        if (rs.listing()) {
            return "create it first: '-N " + chain + "'";
        }
        String policy = rs.family() == Family.BRIDGE ? "ACCEPT" : "-";
        return "declare it after the table header: ':" + chain + " " + policy + " [0:0]'";
    }
}
