package io.nflint.lower;

import io.nflint.ir.match.Match;

/** One match of a rule, lowered: what it tests and what kind of module it is. */
public record Lowered(Match match, Pred pred, Capabilities caps) {
}
