package io.nflint.lower;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a ruleset lowered once, looked up by the rule's identity: one is owned by whatever owns
 * the ruleset (the symbolic engine's queries, a diff, a walker, one input's checks) and handed to every
 * reader of that ruleset (boxes, chain indexes, covering rules, probes, the encoder). Safe to share
 * between threads.
 */
public final class LoweredRuleset {

    private final Map<Rule, LoweredRule> byRule = Collections.synchronizedMap(new IdentityHashMap<>());

    private LoweredRuleset() {
    }

    /** Every rule of {@code rs}, lowered now. */
    public static LoweredRuleset of(Ruleset rs) {
        return of(List.of(rs));
    }

    /** The rules of several rulesets (one input's dumps) in one table, lowered now. */
    public static LoweredRuleset of(Collection<Ruleset> rulesets) {
        LoweredRuleset out = new LoweredRuleset();
        for (Ruleset rs : rulesets) {
            for (Rule r : rs.rules()) {
                out.byRule.put(r, LoweredRule.of(r));
            }
        }
        return out;
    }

    /** A table that lowers each rule when it is first asked for (a walk touches a few rules of a big set). */
    public static LoweredRuleset lazy() {
        return new LoweredRuleset();
    }

    /** The rule lowered; a rule not lowered yet (of a lazy table, or one generated later) is lowered now, once. */
    public LoweredRule get(Rule r) {
        LoweredRule l = byRule.get(r);
        if (l == null) {
            l = LoweredRule.of(r);
            LoweredRule before = byRule.putIfAbsent(r, l);
            l = before != null ? before : l;
        }
        return l;
    }

    public int size() {
        return byRule.size();
    }
}
