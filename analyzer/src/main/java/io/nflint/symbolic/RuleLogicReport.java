package io.nflint.symbolic;

import io.nflint.ir.Rule;

import java.util.List;

/**
 * What the symbolic engine proved about the rules of one rule set: rules no packet reaches with a
 * match (shadowed), rules whose removal changes no packet's fate (redundant), user chains no
 * packet enters, and the queries the solver could not decide. {@code rulesSkipped} counts the rules
 * left unexamined when the time budget ran out (their chains are then not reported unreachable).
 */
public record RuleLogicReport(List<Shadowed> shadowed, List<Redundant> redundant, List<UnreachableChain> unreachableChains,
                              List<Undecided> undecided, int rulesAnalysed, int rulesSkipped) {

    public static RuleLogicReport empty() {
        return new RuleLogicReport(List.of(), List.of(), List.of(), List.of(), 0, 0);
    }

    public RuleLogicReport {
        shadowed = List.copyOf(shadowed);
        redundant = List.copyOf(redundant);
        unreachableChains = List.copyOf(unreachableChains);
        undecided = List.copyOf(undecided);
    }

    /**
     * No packet that reaches {@code rule} matches it. {@code covering} is a minimal set of earlier
     * rules that together stop every packet it matches (empty when nothing reaches its chain at all
     * under its match, e.g. a mark no earlier rule can set); {@code differing} are those of them
     * whose action differs from the rule's.
     */
    public record Shadowed(Rule rule, List<Rule> covering, List<Rule> differing) {
        public Shadowed {
            covering = List.copyOf(covering);
            differing = List.copyOf(differing);
        }
    }

    /** Removing {@code rule} changes no packet's verdict, mark or NAT; {@code decidedBy} sees those packets next. */
    public record Redundant(Rule rule, List<Rule> decidedBy, String fallThrough) {
        public Redundant {
            decidedBy = List.copyOf(decidedBy);
        }
    }

    /** A user chain that is jumped to, but no packet takes any of those jumps. */
    public record UnreachableChain(String table, String chain, List<Rule> jumps) {
        public UnreachableChain {
            jumps = List.copyOf(jumps);
        }
    }

    /** A query the solver gave up on (timeout or UNKNOWN): never taken as "no packet". */
    public record Undecided(Rule rule, String question) {
    }
}
