/**
 * Semantic diff of two rule sets: {@link io.nflint.symbolic.diff.Differ} finds, per path, the packets
 * whose fate changed and a witness for each, sliced to the rules that differ. The answer is the
 * engine's {@link io.nflint.symbolic.SemanticDiff}, which is what the {@code diff} command prints.
 */
package io.nflint.symbolic.diff;
