package io.nflint.rules;

import io.nflint.ir.Ruleset;
import java.util.List;

/** What a check looks at: one input (a dump, or the dumps of one host bundle). */
public final class CheckContext {

    private final String inputName;
    private final List<Ruleset> rulesets;

    public CheckContext(String inputName, List<Ruleset> rulesets) {
        this.inputName = inputName;
        this.rulesets = List.copyOf(rulesets);
    }

    public String inputName() {
        return inputName;
    }

    public List<Ruleset> rulesets() {
        return rulesets;
    }
}
