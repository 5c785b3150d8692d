package io.nflint.symbolic;

import io.nflint.ir.Rule;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the symbolic engine proved about the rules of one rule set: rules no packet reaches with a
 * match (shadowed), rules whose removal changes no packet's fate (redundant), user chains no
 * packet enters, and the queries the solver could not decide. {@code rulesSkipped} counts the rules
 * left unexamined when the rule set's counted work limit was spent (each is also in {@code undecided};
 * their chains are then not reported unreachable).
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
     * rules that together stop every packet it matches: rules of its own chain, of the chains that
     * call it, or of earlier tables' base chains (empty when nothing reaches its chain at all under
     * its match). A covering jump or goto stands for the chains it calls; {@code inside} holds, for
     * such a rule, the rules in those chains that decide its packets (empty for a goto whose packets
     * never come back, whatever the chain does). {@code differing} are the covering rules that decide
     * packets with another action than the rule's (for a jump: the action inside).
     */
    public record Shadowed(Rule rule, List<Rule> covering, List<Rule> differing, Map<Rule, List<Rule>> inside,
                           Map<Rule, GotoEnd> gotoEnds) {
        public Shadowed {
            covering = List.copyOf(covering);
            differing = List.copyOf(differing);
            Map<Rule, List<Rule>> copy = new LinkedHashMap<>();
            inside.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            inside = java.util.Collections.unmodifiableMap(copy);
            gotoEnds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gotoEnds));
        }

        public Shadowed(Rule rule, List<Rule> covering, List<Rule> differing, Map<Rule, List<Rule>> inside) {
            this(rule, covering, differing, inside, Map.of());
        }

        public Shadowed(Rule rule, List<Rule> covering, List<Rule> differing) {
            this(rule, covering, differing, Map.of(), Map.of());
        }

        /** Where the shadowed rule's packets end after a covering goto the proof needed nothing inside of; null otherwise. */
        public GotoEnd gotoEnd(Rule covering) {
            return gotoEnds.get(covering);
        }

        /** The rules inside the chains a covering rule calls that decide its packets (empty for other rules). */
        public List<Rule> inside(Rule covering) {
            return inside.getOrDefault(covering, List.of());
        }

        /**
         * Whether a covering rule only changes state (MARK, CONNMARK, NOTRACK, CT), itself or through
         * every rule it calls that the proof needs, so that other rules decide with that state.
         */
        public boolean setsState(Rule covering) {
            List<Rule> in = inside(covering);
            if (in.isEmpty()) {
                return stateTarget(covering.target());
            }
            for (Rule r : in) {
                if (!stateTarget(r.target()) && !(r.target() instanceof Jump || r.target() instanceof Goto)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The rules whose targets decide what a covering rule does to the packets: the rule itself,
         * or for a call the deciding rules inside (the call itself when the proof needs none of them).
         */
        public List<Rule> deciders(Rule covering) {
            List<Rule> out = new ArrayList<>();
            for (Rule r : inside(covering)) {
                if (!stateTarget(r.target()) && !(r.target() instanceof Jump || r.target() instanceof Goto)) {
                    out.add(r);
                }
            }
            return out.isEmpty() ? List.of(covering) : out;
        }

        public static boolean stateTarget(Target t) {
            return io.nflint.lower.TargetKind.of(t).setsState();
        }
    }

    /**
     * What a covering goto does with the shadowed rule's packets, read off the goto's chain: the rules
     * there whose header box meets theirs and that may decide them ({@code deciding}, an
     * over-approximation: earlier rules may take some first), and where the packets go when none does
     * ({@code fallsTo}, e.g. "the INPUT policy (DROP)", with {@code fallsToVerdict} DROP; null when an
     * unconditional rule in the chain decides them all). A packet that falls off a chain entered by
     * goto does not come back to the goto's chain: it returns to that chain's caller, for a built-in
     * chain its policy.
     */
    public record GotoEnd(List<Rule> deciding, String fallsTo, String fallsToVerdict) {
        public GotoEnd {
            deciding = List.copyOf(deciding);
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

    /** A question left open (the solver's work limit, UNKNOWN, a rule not examined): never taken as "no packet". */
    public record Undecided(Rule rule, String question) {
    }
}
