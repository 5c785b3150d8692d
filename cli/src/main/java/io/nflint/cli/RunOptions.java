package io.nflint.cli;

import io.nflint.host.InputFiles;
import io.nflint.symbolic.EngineOptions;
import java.util.function.Function;

/**
 * The options of one run that come from {@code -D} properties rather than from the command line:
 * the symbolic engine's work limits ({@code nflint.symbolic.*Work}, docs/cli.md) and the input size
 * limits ({@code nflint.limit.*}). Read once, before any command runs, so that a malformed value is
 * a usage error naming the property (exit 2) and never a failure deep inside an analysis.
 */
public record RunOptions(EngineOptions engine) {

    /** The built-in defaults (what a run without {@code -D} properties gets). */
    public static final RunOptions DEFAULTS = new RunOptions(EngineOptions.DEFAULTS);

    /** Reads and checks every documented property; throws {@link IllegalArgumentException} naming a malformed one. */
    public static RunOptions from(Function<String, String> properties) {
        EngineOptions engine = EngineOptions.fromProperties(properties);
        for (InputFiles.Limit limit : InputFiles.Limit.values()) {
            limit.parse(properties.apply(limit.property()));
        }
        return new RunOptions(engine);
    }
}
