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

    /** The text of the rule's first comment match, if it has one. */
    public java.util.Optional<String> comment() {
        return comments().stream().map(Lowered::comment).findFirst();
    }

    /** The rule's comment matches, in order: they match every packet and carry intent and suppressions. */
    public List<Lowered> comments() {
        return matches.stream().filter(l -> l.comment() != null).toList();
    }

    /** The matches apart from comments. */
    public List<Lowered> tests() {
        return matches.stream().filter(l -> l.comment() == null).toList();
    }

    /** Whether a match may decide two evaluations of the same packet differently (see {@link Capabilities#varies}). */
    public boolean varies() {
        return matches.stream().anyMatch(l -> l.caps().varies());
    }

    /** Whether matching the rule changes state other rules read. */
    public boolean writesShared() {
        return matches.stream().anyMatch(l -> l.caps().writesShared());
    }

    /** Whether a match reads {@code field} anywhere (negated, in a disjunction or a guard included). */
    public boolean reads(Field field) {
        return matches.stream().anyMatch(l -> Preds.fields(l.pred()).contains(field));
    }
}
