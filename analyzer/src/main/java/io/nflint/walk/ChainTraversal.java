package io.nflint.walk;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * One table's base chain at one hook, traversed the way ipt_do_table/ebt_do_table do: {@code -j}
 * pushes a return point, {@code -g} does not, so a RETURN (or the end of a user chain) pops the
 * last return point — past the goto's caller — and with nothing to pop applies the base chain's
 * policy. ACCEPT ends this table only; DROP and REJECT end the packet.
 */
public final class ChainTraversal {

    /** Jump depth beyond which the walk reports a loop (the kernel refuses loops at load time). */
    public static final int MAX_DEPTH = 64;
    /** Rule visits beyond which a goto cycle is reported as a loop. */
    public static final int MAX_VISITS = 1_000_000;

    /** What the walker does for the rules: decide matches (forking on unknowns) and apply targets. */
    public interface Handler {
        boolean matches(Rule rule);

        /** Applies a target that is not a verdict, jump or goto; returns null to continue. */
        TableVerdict apply(Rule rule);

        /** Text for the trace: what the rule did ("DNAT 172.17.0.2:80", "-j DOCKER"). */
        String describe(Rule rule);

        /**
         * The first position at or after {@code from} in {@code chain} whose rule may match; every
         * rule before it must be one {@link #matches} would call false (without forking). The
         * default scans every rule.
         */
        default int next(Chain chain, int from) {
            return from;
        }
    }

    private ChainTraversal() {
    }

    public static TableVerdict run(Table table, String baseChain, String family, Handler handler, List<TraceStep> steps) {
        Optional<Chain> base = table.chain(baseChain);
        if (base.isEmpty()) {
            return TableVerdict.ACCEPT;
        }
        JumpStack<Chain> stack = new JumpStack<>();
        Chain chain = base.get();
        int i = 0;
        while (true) {
            if (i < chain.rules().size()) {
                // skipped rules count as visited, so a goto cycle is reported at the same point
                int j = handler.next(chain, i);
                stack.visit(j - i);
                i = j;
            }
            if (!stack.visit(1)) {
                return new TableVerdict(TableVerdict.Kind.LOOP, null, "more than " + MAX_VISITS
                        + " rule visits in " + table.name() + ": the gotos form a cycle");
            }
            List<Rule> rules = chain.rules();
            if (i >= rules.size()) {
                if (chain.builtin()) {
                    return policy(table, chain, family, steps);
                }
                // ebtables user chains carry their own policy; RETURN is the default and iptables' only one
                String userPolicy = chain.policy();
                if ("ACCEPT".equals(userPolicy) || "DROP".equals(userPolicy)) {
                    steps.add(new TraceStep(family, table.name(), chain.name(), TraceStep.Kind.POLICY,
                            rules.size() + 1, line(chain.policySpan(), chain.span()), userPolicy));
                    return userPolicy.equals("ACCEPT") ? TableVerdict.ACCEPT : TableVerdict.DROP;
                }
                steps.add(new TraceStep(family, table.name(), chain.name(), TraceStep.Kind.RETURN, rules.size() + 1,
                        line(chain.span(), null), ""));
                JumpStack.Frame<Chain> f = stack.pop();
                if (f == null) {
                    return policy(table, base.get(), family, steps);
                }
                chain = f.chain();
                i = f.next();
                continue;
            }
            Rule rule = rules.get(i);
            if (!handler.matches(rule)) {
                i++;
                continue;
            }
            Target t = rule.target();
            steps.add(new TraceStep(family, table.name(), chain.name(), TraceStep.Kind.RULE, rule.number(),
                    rule.span() == null ? 0 : rule.span().line(), handler.describe(rule)));
            if (t instanceof Verdict v) {
                switch (v.kind()) {
                    case ACCEPT:
                        return TableVerdict.ACCEPT;
                    case DROP:
                        return TableVerdict.DROP;
                    case CONTINUE:
                        i++;
                        continue;
                    default:
                        JumpStack.Frame<Chain> f = stack.pop();
                        if (f == null) {
                            return policy(table, base.get(), family, steps);
                        }
                        chain = f.chain();
                        i = f.next();
                        continue;
                }
            }
            if (t instanceof Jump || t instanceof Goto) {
                String target = t instanceof Jump j ? j.chain() : ((Goto) t).chain();
                Optional<Chain> next = table.chain(target);
                if (next.isEmpty()) {
                    // restore refuses a jump to a missing chain; nothing to enter
                    i++;
                    continue;
                }
                if (t instanceof Jump && !stack.push(chain, i + 1)) {
                    return new TableVerdict(TableVerdict.Kind.LOOP, null, "jump depth above " + MAX_DEPTH
                            + " at " + table.name() + ":" + chain.name() + " rule " + rule.number()
                            + ": the jumps form a loop");
                }
                chain = next.get();
                i = 0;
                continue;
            }
            TableVerdict effect = handler.apply(rule);
            if (effect != null) {
                return effect;
            }
            i++;
        }
    }

    private static TableVerdict policy(Table table, Chain base, String family, List<TraceStep> steps) {
        String p = base.policy() == null ? "ACCEPT" : base.policy();
        steps.add(new TraceStep(family, table.name(), base.name(), TraceStep.Kind.POLICY, base.rules().size() + 1,
                line(base.policySpan(), base.span()), p));
        return p.equals("DROP") ? TableVerdict.DROP : TableVerdict.ACCEPT;
    }

    private static int line(SourceSpan a, SourceSpan b) {
        return a != null ? a.line() : b != null ? b.line() : 0;
    }
}
