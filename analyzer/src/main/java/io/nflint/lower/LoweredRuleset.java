package io.nflint.lower;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import java.util.IdentityHashMap;
import java.util.Map;

/** Every rule of a ruleset lowered once, looked up by the rule's identity. */
public final class LoweredRuleset {

    private final Map<Rule, LoweredRule> byRule = new IdentityHashMap<>();

    private LoweredRuleset() {
    }

    public static LoweredRuleset of(Ruleset rs) {
        return of(java.util.List.of(rs));
    }

    /** The rules of several rulesets (one input's dumps) in one table. */
    public static LoweredRuleset of(java.util.Collection<Ruleset> rulesets) {
        LoweredRuleset out = new LoweredRuleset();
        for (Ruleset rs : rulesets) {
            for (Rule r : rs.rules()) {
                out.byRule.put(r, LoweredRule.of(r));
            }
        }
        return out;
    }

    /** The rule lowered; a rule of another ruleset (a generated one) is lowered on the spot. */
    public LoweredRule get(Rule r) {
        LoweredRule l = byRule.get(r);
        return l != null ? l : LoweredRule.of(r);
    }

    public int size() {
        return byRule.size();
    }
}
