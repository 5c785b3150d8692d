package io.nflint.lower;

import io.nflint.ir.RawOption;
import io.nflint.ir.match.Match;
import java.util.List;

/**
 * One match of a rule, lowered: what it tests and what kind of module it is, plus what it says besides
 * (a comment's text, an unknown module's options verbatim) for the checks that report it.
 *
 * @param comment  the text of a comment match, else null
 * @param verbatim the options of a module nflint does not model, as written
 */
public record Lowered(Match match, Pred pred, Capabilities caps, String comment, List<RawOption> verbatim) {

    public Lowered {
        verbatim = List.copyOf(verbatim);
    }

    public Lowered(Match match, Pred pred, Capabilities caps) {
        this(match, pred, caps, null, List.of());
    }
}
