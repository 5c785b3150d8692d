package io.nflint.rules.support;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkVerdict;
import io.nflint.rules.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a walk into what a finding shows: the witness (packet, trace, outcome) and where the packet
 * ended — the rule or policy line that dropped it, or the kernel's own reason (no forwarding,
 * hairpin off, a martian) when no rule did.
 */
public final class WalkEvidence {

    /** Why a packet did not get through: a rule or policy ({@code span} set), or a kernel decision. */
    public record Cause(SourceSpan span, Rule rule, TraceStep step, String description) {
        public boolean isRule() {
            return span != null;
        }
    }

    private WalkEvidence() {
    }

    public static Witness witness(WalkRequest request, Outcome o) {
        String where = request.local() ? "generated on the host" : "in " + request.inIface();
        String what = request.reply() ? "reply to " : "";
        List<String> trace = new ArrayList<>();
        for (TraceStep s : o.steps()) {
            String t = s.render();
            trace.add(t.startsWith("TRACE: ") ? t.substring(7) : t);
        }
        String outcome = o.summary();
        if (!o.delivered() && !o.notes().isEmpty()) {
            outcome += " (" + o.notes().get(o.notes().size() - 1) + ")";
        }
        return new Witness(what + describe(request, o) + ", " + where, trace, outcome);
    }

    /** The request's packet; a locally generated one gets the source routing chose for it. */
    private static String describe(WalkRequest request, Outcome o) {
        io.nflint.walk.Packet p = request.packet();
        if (p.src() == null) {
            if (o.conntrack() != null && o.conntrack().original().src() != null) {
                p = p.withSrc(o.conntrack().original().src(), p.sport());
            } else {
                return p.protoName() + " (host):" + p.sport() + " -> " + p.dst() + ":" + p.dport();
            }
        }
        return p.describe();
    }

    /**
     * Where the packet of {@code o} ended: the last TRACE step when it is a DROP/REJECT rule or a
     * policy that is not ACCEPT; else the kernel's reason from the walk's last note.
     */
    public static Cause cause(List<Ruleset> rulesets, Outcome o) {
        if (!o.steps().isEmpty()) {
            TraceStep last = o.steps().get(o.steps().size() - 1);
            boolean ruleDrop = last.kind() == TraceStep.Kind.RULE
                    && (last.target().startsWith("DROP") || last.target().startsWith("REJECT"));
            boolean policyDrop = last.kind() == TraceStep.Kind.POLICY && !last.target().equals("ACCEPT");
            if (last.nft() != null) {
                Optional<Cause> c = nftCause(last);
                if (c.isPresent()) {
                    return c.get();
                }
            } else if (ruleDrop || policyDrop) {
                Optional<Rule> rule = ruleDrop ? ruleAt(rulesets, last) : Optional.empty();
                SourceSpan span = rule.map(Rule::span).orElseGet(() -> chainSpan(rulesets, last).orElse(null));
                String text = ruleDrop
                        ? rule.map(r -> r.text().strip()).orElse(last.target())
                        : ":" + last.chain() + " " + last.target() + " (the policy of " + last.table() + " "
                                + last.chain() + ")";
                if (span != null) {
                    return new Cause(span, rule.orElse(null), last, text);
                }
            }
        }
        String note = o.notes().isEmpty() ? o.verdict().wire() : o.notes().get(o.notes().size() - 1);
        return new Cause(null, null, null, note);
    }

    /**
     * A native nft table's step (verdicts in nft's lower case): the rule's line, or the base chain's
     * for its policy; the step carries the file and line, so no rule set is searched.
     */
    private static Optional<Cause> nftCause(TraceStep last) {
        String v = last.target();
        boolean rule = last.kind() == TraceStep.Kind.RULE && (v.startsWith("drop") || v.startsWith("reject"));
        boolean policy = last.kind() == TraceStep.Kind.POLICY && !v.equals("accept");
        if ((!rule && !policy) || last.nft().file() == null || last.line() <= 0) {
            return Optional.empty();
        }
        String text = last.nft().ruleText() == null ? "" : last.nft().ruleText().strip();
        SourceSpan span = new SourceSpan(last.nft().file(), last.line(), 1, 1 + Math.max(1, text.length()), -1, -1);
        String where = last.nft().family() + " " + last.table() + " " + last.chain();
        return Optional.of(new Cause(span, null, last, rule ? text + " (" + where + ")"
                : "policy " + v + " of " + where + " (priority " + last.nft().priority() + ")"));
    }

    public static Optional<Rule> ruleAt(List<Ruleset> rulesets, TraceStep s) {
        for (Ruleset rs : rulesets) {
            Optional<Table> t = rs.table(s.table());
            Optional<Chain> c = t.flatMap(x -> x.chain(s.chain()));
            if (c.isPresent() && s.ruleNumber() >= 1 && s.ruleNumber() <= c.get().rules().size()
                    && familyOf(rs).equals(s.family())) {
                return Optional.of(c.get().rules().get(s.ruleNumber() - 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<SourceSpan> chainSpan(List<Ruleset> rulesets, TraceStep s) {
        for (Ruleset rs : rulesets) {
            if (!familyOf(rs).equals(s.family())) {
                continue;
            }
            Optional<Chain> c = rs.table(s.table()).flatMap(x -> x.chain(s.chain()));
            if (c.isPresent()) {
                SourceSpan span = c.get().policySpan() != null ? c.get().policySpan() : c.get().span();
                if (span != null) {
                    return Optional.of(span);
                }
            }
        }
        return Optional.empty();
    }

    private static String familyOf(Ruleset rs) {
        switch (rs.family()) {
            case IPV6:
                return "ip6";
            case BRIDGE:
                return "eb";
            default:
                return "ip";
        }
    }

    public static boolean dropped(Outcome o) {
        return o.verdict() != WalkVerdict.ACCEPT;
    }
}
