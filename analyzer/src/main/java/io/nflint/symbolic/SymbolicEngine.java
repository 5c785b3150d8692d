package io.nflint.symbolic;

import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.host.HostModel;
import io.nflint.ir.Ruleset;
import io.nflint.pipeline.PacketPath;

/**
 * The symbolic engine as checks and commands see it: sets of packets, rule-logic facts and diffs,
 * never solver types. One engine per analysis run and per thread; close it when done (it owns a
 * native solver context).
 */
public interface SymbolicEngine extends AutoCloseable {

    /**
     * Loads Z3 (the first call unpacks its native library into {@code java.io.tmpdir}) and opens an
     * engine; throws {@link SymbolicUnavailableException} with a readable reason when it cannot.
     */
    static SymbolicEngine open() {
        return Z3Engine.open(EngineOptions.DEFAULTS);
    }

    static SymbolicEngine open(EngineOptions options) {
        return Z3Engine.open(options);
    }

    /**
     * Opens an engine that loads Z3 only when a query needs the solver (rule logic settles most
     * rules without it); then {@link SymbolicUnavailableException} comes from that query's call.
     */
    static SymbolicEngine openOnDemand() {
        return Z3Engine.openOnDemand(EngineOptions.DEFAULTS);
    }

    static SymbolicEngine openOnDemand(EngineOptions options) {
        return Z3Engine.openOnDemand(options);
    }

    /** Shadowed and redundant rules and unreachable user chains of an IPv4 or IPv6 rule set. */
    default RuleLogicReport ruleLogic(Ruleset ruleset) {
        return ruleLogic(ruleset, r -> true);
    }

    /**
     * The same, asking only about the rules {@code examine} accepts (all rules still take part in
     * deciding what reaches them): checks that never report on tool-generated chains skip their cost.
     * Local addresses and routes are left open: the findings hold on any host.
     */
    default RuleLogicReport ruleLogic(Ruleset ruleset, java.util.function.Predicate<io.nflint.ir.Rule> examine) {
        return ruleLogic(ruleset, examine, null);
    }

    /**
     * The same on the host {@code host} describes (null: any host): its addresses decide which packets
     * INPUT sees, its routes which interface FORWARD and OUTPUT packets leave by, so a rule for an
     * address the host does not have, or an out interface no route uses, is reached by no packet.
     */
    RuleLogicReport ruleLogic(Ruleset ruleset, java.util.function.Predicate<io.nflint.ir.Rule> examine, HostModel host);

    /** The packets entering at {@code path} (from {@code inIface} when not null) that the rule set lets through. */
    PacketSet delivered(Ruleset ruleset, PacketPath path, String inIface);

    /** Every packet of the family (the universe), to build sets from. */
    PacketSet all(Ruleset ruleset);

    /** The packets whose verdict or NAT result differs between the two rule sets, at each entry point, on any host. */
    default SemanticDiff diff(Ruleset oldRules, Ruleset newRules, int witnessesPerEntry) {
        return diff(oldRules, newRules, witnessesPerEntry, DiffContext.NONE);
    }

    /**
     * The same with each side's host model and ebtables rules: routing follows the host's addresses
     * and routes, and frames bridged between ports of a bridge are compared too (ebtables, and the
     * iptables chains br_netfilter calls) when there are bridges, ebtables rules or physdev matches.
     */
    SemanticDiff diff(Ruleset oldRules, Ruleset newRules, int witnessesPerEntry, DiffContext context);

    /** Shadowed and redundant rules and unreachable regular chains of a native nftables ruleset (any host). */
    NftRuleLogicReport nftRuleLogic(io.nflint.ir.nft.NftRuleset ruleset);

    @Override
    void close();
}
