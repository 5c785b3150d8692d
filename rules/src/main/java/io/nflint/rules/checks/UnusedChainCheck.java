package io.nflint.rules.checks;

import io.nflint.rules.support.CallGraphs;
import io.nflint.ir.Chain;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.CallGraph;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.Generators;
import io.nflint.rules.support.TableScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user chain no rule of its table jumps or goes to: its rules never see a packet. Chains that
 * tools create on purpose without a reference are skipped; see the docs page for the list and why.
 */
@CheckInfo(id = "NFL008", name = "unused-chain", severity = Severity.WARNING,
        summary = "A user-defined chain that no rule jumps or goes to")
public final class UnusedChainCheck implements Check {

    /**
     * Created on purpose and never referenced. kube-proxy and kubelet create canary chains only to
     * notice when someone flushes the table. The rest are created by Docker or podman up front, and
     * left empty until a container needs them, so an empty one is not a mistake.
     */
    private static final Set<String> INTENTIONALLY_UNREFERENCED = Set.of("KUBE-PROXY-CANARY", "KUBE-KUBELET-CANARY",
            "KUBE-IPTABLES-HINT");

    /**
     * Chains a manager creates up front and links only when needed. ufw keeps its whole framework
     * (ufw-user-limit, ufw-logging-*, ufw-skip-to-policy-*) whether or not a rule uses it; Docker
     * (DOCKER in filter since 28, before the first bridge network), podman's CNI and netavark
     * chains and kube-proxy's are skipped only while empty: a non-empty unreferenced KUBE-SERVICES
     * is a broken host.
     */
    private static final List<String> MANAGER_FRAMEWORK = List.of("ufw-", "ufw6-");
    private static final List<String> MANAGER_EMPTY_OK = List.of("DOCKER", "KUBE-", "CNI-", "NETAVARK");

    private static boolean managedElsewhere(Chain c) {
        if (INTENTIONALLY_UNREFERENCED.contains(c.name())) {
            return true;
        }
        for (String prefix : MANAGER_FRAMEWORK) {
            if (c.name().startsWith(prefix)) {
                return true;
            }
        }
        if (c.rules().isEmpty()) {
            for (String prefix : MANAGER_EMPTY_OK) {
                if (c.name().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String example(Ruleset rs, Table t, Chain c) {
        var builtins = io.nflint.ir.BuiltinChains.chains(rs.family(), t.name());
        return builtins.isEmpty() ? "" : " (e.g. '-A " + builtins.get(0) + " -j " + c.name() + "')";
    }

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                if (!TableScope.isKnown(rs, t)) {
                    continue;
                }
                if (TableScope.isPartial(t)) {
                    // --noflush input: the jumps into its chains live in another file or the kernel
                    continue;
                }
                CallGraph graph = CallGraphs.of(context, t);
                Optional<Generators> generator = Generators.of(rs);
                List<Chain> byDesign = new ArrayList<>();
                for (Chain c : t.chains()) {
                    if (c.builtin() || !c.declared() || managedElsewhere(c)) {
                        continue;
                    }
                    if (!graph.edgesInto(c.name()).isEmpty()) {
                        continue;
                    }
                    if (generator.isPresent() && generator.get().owns(c.name())) {
                        byDesign.add(c);
                        continue;
                    }
                    String contents = c.rules().isEmpty() ? "it is empty"
                            : "its " + c.rules().size() + (c.rules().size() == 1 ? " rule never sees" : " rules never see")
                                    + " a packet";
                    FindingSink.Report report = sink.at(c.span(), "chain '" + c.name() + "' in table '" + t.name()
                            + "' is never the target of a jump or goto: " + contents);
                    if (c.rules().isEmpty()) {
                        // nothing is lost with an empty chain; it is clutter, not a hole
                        report.severity(Severity.INFO);
                    }
                    report.location(t.name(), c.name(), "")
                            .help(c.rules().isEmpty() ? "delete the declaration, or add the jump that was meant to use it"
                                    : "add the jump that was meant to use it" + example(rs, t, c) + ", or delete the chain")
                            .report();
                }
                if (!byDesign.isEmpty()) {
                    reportByDesign(generator.get(), t, byDesign, sink);
                }
            }
        }
    }

    /** One info for the chains a generator declares whether or not a rule needs them. */
    private static void reportByDesign(Generators generator, Table t, List<Chain> chains, FindingSink sink) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < Math.min(4, chains.size()); i++) {
            names.append(i == 0 ? "" : ", ").append(chains.get(i).name());
        }
        names.append(chains.size() > 4 ? ", …" : "");
        Chain first = chains.get(0);
        sink.at(first.span(), chains.size() + (chains.size() == 1 ? " chain" : " chains") + " in table '" + t.name()
                        + "' that " + generator.label() + " declares by design " + (chains.size() == 1 ? "is" : "are")
                        + " never jumped to (" + names + "): the tool creates them whether or not a rule needs them")
                .severity(Severity.INFO)
                .location(t.name(), first.name(), "")
                .help("nothing to do in the dump; change the generator's configuration if a zone or chain is unused")
                .report();
    }
}
