package io.nflint.rules.support;

import io.nflint.host.HostModel;
import io.nflint.ir.Ruleset;
import io.nflint.rules.CheckContext;
import io.nflint.symbolic.EngineOptions;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.SymbolicEngine;
import io.nflint.symbolic.SymbolicUnavailableException;

import io.nflint.rules.SharedKey;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs the symbolic rule-logic analysis once per input and rule set for NFL101–NFL103, which all
 * read the same report. A host bundle's addresses and routes decide the routing; a bare dump's
 * analysis leaves them open. The engine (a native Z3 context) lives only for the analysis; the cached
 * reports are plain records, so nothing native outlives a check run. Whether Z3 loads at all is a
 * fact about this process, not about an input: that alone is remembered across inputs.
 */
public final class SymbolicRuleLogic {

    private static final SharedKey<Reports> REPORTS = SharedKey.of("rule logic reports", Reports::new);
    private static volatile String unavailable;
    private static volatile boolean probed;

    private SymbolicRuleLogic() {
    }

    /** The report for one rule set; empty when Z3 cannot be loaded (see {@link #unavailableReason()}). */
    public static RuleLogicReport of(CheckContext context, Ruleset rs) {
        return context.shared(REPORTS).of(rs);
    }

    /** One input's reports, by rule set identity (a rule set record's equals is deep). */
    private static final class Reports {
        private final CheckContext context;
        private final Map<Ruleset, RuleLogicReport> byRuleset = new IdentityHashMap<>();

        Reports(CheckContext context) {
            this.context = context;
        }

        public synchronized RuleLogicReport of(Ruleset rs) {
            return byRuleset.computeIfAbsent(rs, r -> analyse(r, hostOf(context), context));
        }
    }

    /**
     * The host model the analysis routes by: a bundle's (its addresses and routes), none for a bare
     * dump (any host: addresses and routes left open, so findings hold wherever the rules are loaded).
     */
    public static HostModel hostOf(CheckContext context) {
        return context.isBundle() ? context.host() : null;
    }

    private static RuleLogicReport analyse(Ruleset rs, HostModel host, CheckContext context) {
        if (unavailable != null || !rs.family().isIp()) {
            return empty();
        }
        // Z3 loads only if a rule needs a query: probes and covering rules settle most of them
        try (SymbolicEngine engine = SymbolicEngine.openOnDemand(context.engineOptions())) {
            // the checks leave Docker/kube-proxy/CNI chains to the container checks: do not pay for them
            return engine.ruleLogic(rs, r -> !StructuralOverlap.generatedChain(r.chain()), host);
        } catch (SymbolicUnavailableException e) {
            unavailable = e.getMessage();
            probed = true;
            return empty();
        }
    }

    private static RuleLogicReport empty() {
        return RuleLogicReport.empty();
    }

    /**
     * Whether the symbolic checks can run here (loads Z3 once to find out). The syntactic
     * unreachable-rule check can consult this and leave rule logic to NFL101 when it is true.
     */
    public static boolean available() {
        if (!probed) {
            try (SymbolicEngine engine = SymbolicEngine.open(EngineOptions.DEFAULTS)) {
                probed = true;
            } catch (SymbolicUnavailableException e) {
                unavailable = e.getMessage();
                probed = true;
            }
        }
        return unavailable == null;
    }

    /** Why Z3 could not be loaded, or null. */
    public static String unavailableReason() {
        return unavailable;
    }
}
