package io.nflint.walk;

import java.util.List;

/**
 * Every outcome of one walk. {@code truncated} says the walk forked into more outcomes than the
 * bound and the rest were not followed; {@code assumptions} are what the host model assumed.
 */
public record WalkResult(WalkRequest request, List<Outcome> outcomes, boolean truncated, List<String> assumptions) {

    public WalkResult {
        outcomes = List.copyOf(outcomes);
        assumptions = List.copyOf(assumptions);
    }

    /** The single outcome of a walk that did not fork. */
    public Outcome only() {
        if (outcomes.size() != 1) {
            throw new IllegalStateException("walk has " + outcomes.size() + " outcomes");
        }
        return outcomes.get(0);
    }
}
