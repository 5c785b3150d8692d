package io.nflint.symbolic;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRule;
import java.util.List;

/**
 * Rule logic of a native nftables ruleset (NFL101–103 on nft): each base chain analysed on every
 * packet that can enter it at its hook (whatever earlier chains did), so a finding holds however the
 * other tables are ordered. {@code where} names the table and chain ({@code inet filter input}).
 */
public record NftRuleLogicReport(List<Shadowed> shadowed, List<Redundant> redundant, List<UnreachableChain> unreachableChains,
                                 List<Undecided> undecided, int rulesExamined, int rulesSkipped) {

    public NftRuleLogicReport {
        shadowed = List.copyOf(shadowed);
        redundant = List.copyOf(redundant);
        unreachableChains = List.copyOf(unreachableChains);
        undecided = List.copyOf(undecided);
    }

    /**
     * No packet that reaches the rule matches it. {@code neverMatches}: no packet entering the chain
     * satisfies its conditions at all; otherwise {@code deciders} are the earlier rules that end
     * packets it would match.
     */
    public record Shadowed(NftRule rule, String where, boolean neverMatches, List<NftRule> deciders) {
        public Shadowed {
            deciders = List.copyOf(deciders);
        }
    }

    /** Switching the rule off changes no packet's verdict, marks or addresses at any base chain that reaches it. */
    public record Redundant(NftRule rule, String where) {
    }

    /** A regular chain with jumps to it, none of which any packet takes. */
    public record UnreachableChain(String where, NftChain chain, List<NftRule> jumps) {
        public UnreachableChain {
            jumps = List.copyOf(jumps);
        }
    }

    /** The solver gave up (its counted work limit) on {@code question}. */
    public record Undecided(NftRule rule, String question) {
    }

    public static NftRuleLogicReport empty() {
        return new NftRuleLogicReport(List.of(), List.of(), List.of(), List.of(), 0, 0);
    }
}
