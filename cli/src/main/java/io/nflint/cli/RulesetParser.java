package io.nflint.cli;

import io.nflint.ir.Ruleset;
import io.nflint.parse.ParseOptions;

/** How the CLI turns bytes into a ruleset; tests substitute hand-built rulesets. */
@FunctionalInterface
public interface RulesetParser {
    Ruleset parse(String displayName, byte[] content, ParseOptions options);
}
