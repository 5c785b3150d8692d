package io.nflint.parse;

import io.nflint.ir.Family;
import io.nflint.ir.SourceSpan;

/** What option builders need to know about the rule they are in. */
record RuleScope(Family family, Integer protocol, SourceSpan ruleSpan) {

    boolean v6() {
        return family == Family.IPV6;
    }
}
