package io.nflint.ir;

import java.util.List;

/**
 * A built-in chain (with a policy) or a user chain. {@code span} is the declaration, or null when
 * the chain was never declared (a built-in chain in an {@code iptables -S} listing, or a rule
 * appended to an undeclared chain); {@code redeclarations} are later declarations of the same name.
 */
public record Chain(String name, boolean builtin, String policy, SourceSpan policySpan, Counters counters,
                    SourceSpan span, List<SourceSpan> redeclarations, List<Rule> rules) {

    public Chain {
        redeclarations = List.copyOf(redeclarations);
        rules = List.copyOf(rules);
    }

    public boolean declared() {
        return span != null;
    }
}
