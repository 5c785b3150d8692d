package io.nflint.lower;

import io.nflint.ir.Rule;
import io.nflint.ir.match.Match;
import java.util.ArrayList;
import java.util.List;

/** A rule's matches lowered, in the rule's order (a rule matches when all of them do). */
public record LoweredRule(Rule rule, List<Lowered> matches) {

    public LoweredRule {
        matches = List.copyOf(matches);
    }

    public static LoweredRule of(Rule rule) {
        List<Lowered> out = new ArrayList<>(rule.matches().size());
        for (Match m : rule.matches()) {
            out.add(MatchLowering.lower(m));
        }
        return new LoweredRule(rule, out);
    }

    /** Whether a match reads the packet's mark or its connection. */
    public boolean readsState() {
        return matches.stream().anyMatch(l -> l.caps().readsState());
    }

    /** Whether every match reads only header fields the symbolic engine caches on. */
    public boolean headerOnly() {
        return matches.stream().allMatch(l -> l.caps().headerOnly());
    }
}
