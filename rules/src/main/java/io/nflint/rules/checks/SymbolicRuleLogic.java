package io.nflint.rules.checks;

import io.nflint.host.HostModel;
import io.nflint.ir.Ruleset;
import io.nflint.rules.CheckContext;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.SymbolicEngine;
import io.nflint.symbolic.SymbolicUnavailableException;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Runs the symbolic rule-logic analysis once per input and rule set for NFL101–NFL103, which all
 * read the same report. A host bundle's addresses and routes decide the routing; a bare dump's
 * analysis leaves them open. The engine (a native Z3 context) lives only for the analysis; the cached
 * reports are plain records, so nothing native outlives a check run.
 */
public final class SymbolicRuleLogic {

    private static final Map<CheckContext, Map<Ruleset, RuleLogicReport>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile String unavailable;
    private static volatile boolean probed;

    private SymbolicRuleLogic() {
    }

    /** The report for one rule set; empty when Z3 cannot be loaded (see {@link #unavailableReason()}). */
    static RuleLogicReport of(CheckContext context, Ruleset rs) {
        Map<Ruleset, RuleLogicReport> perInput = CACHE.computeIfAbsent(context, k -> Collections.synchronizedMap(new IdentityHashMap<>()));
        return perInput.computeIfAbsent(rs, r -> analyse(r, hostOf(context)));
    }

    /**
     * The host model the analysis routes by: a bundle's (its addresses and routes), none for a bare
     * dump (any host: addresses and routes left open, so findings hold wherever the rules are loaded).
     */
    static HostModel hostOf(CheckContext context) {
        return context.isBundle() ? context.host() : null;
    }

    private static RuleLogicReport analyse(Ruleset rs, HostModel host) {
        if (unavailable != null || !rs.family().isIp()) {
            return empty();
        }
        // Z3 loads only if a rule needs a query: probes and covering rules settle most of them
        try (SymbolicEngine engine = SymbolicEngine.openOnDemand()) {
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
            try (SymbolicEngine engine = SymbolicEngine.open()) {
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
