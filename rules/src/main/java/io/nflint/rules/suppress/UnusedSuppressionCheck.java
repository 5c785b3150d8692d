package io.nflint.rules.suppress;

import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/**
 * NFL090's metadata. Its findings need every other check's findings, so it cannot run beside them:
 * {@link SuppressionFilter} reports them after the others ran. {@link #run} does nothing, which keeps it
 * harmless wherever the registry's checks are run as a list.
 */
@CheckInfo(id = UnusedSuppressionCheck.ID, name = "unused-suppression",
        summary = "An nflint-disable directive suppresses nothing, or names a check that does not exist",
        severity = Severity.WARNING)
public final class UnusedSuppressionCheck implements Check {

    public static final String ID = "NFL090";

    @Override
    public void run(CheckContext context, FindingSink sink) {
        // reported by SuppressionFilter, after all other checks
    }
}
