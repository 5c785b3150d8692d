package io.nflint.debug;

import java.util.function.Function;

/**
 * The switches for investigating nflint itself, read from {@code -D} system properties here and
 * nowhere else. None is documented for users and none changes a finding except {@code solver} (an
 * experiment with Z3's tactics); the knobs users may set (work limits, input size limits) are options
 * the command line passes down, not switches.
 *
 * @param generatedLexerOnly {@code nflint.parse.generatedLexerOnly}: lex every line with the ANTLR
 *     lexer instead of the hand-written one (FastLineLexerTest compares them)
 * @param solver {@code nflint.symbolic.solver}: the Z3 solver or logic to create ("default")
 * @param dumpSlow {@code nflint.symbolic.dumpSlow}: write queries slower than {@code dumpSlowMs} to files
 * @param dumpSlowMs {@code nflint.symbolic.dumpSlowMs}: what counts as slow (300)
 * @param traceEncoded {@code nflint.symbolic.traceEncoded}: print each rule as the encoder sees it
 * @param ruleLogic {@code nflint.symbolic.debug}: print rule logic's slow queries
 * @param ruleLogicAll {@code nflint.symbolic.debugAll}: with {@code ruleLogic}, print every query
 * @param noHorizon {@code nflint.symbolic.noHorizon}: encode whole hooks, without cutting at the rule asked about
 * @param profile {@code nflint.symbolic.profile}: time solving and encoding for the engine's statistics
 *     (the symbolic bench); without it, or one of the debug switches that prints times, no clock is read
 * @param slowSolverMillis {@code nflint.test.slowSolverMillis}: burn this much CPU before each query, as a
 *     loaded machine would (the determinism tests)
 */
public record DebugSwitches(boolean generatedLexerOnly, String solver, boolean dumpSlow, long dumpSlowMs,
                            boolean traceEncoded, boolean ruleLogic, boolean ruleLogicAll, boolean noHorizon,
                            boolean profile, long slowSolverMillis) {

    /** This process's switches, read once. */
    public static final DebugSwitches CURRENT = read(System::getProperty);

    /** The switches {@code properties} sets; a malformed number counts as unset, as these are for developers. */
    public static DebugSwitches read(Function<String, String> properties) {
        return new DebugSwitches(
                on(properties, "nflint.parse.generatedLexerOnly"),
                orElse(properties.apply("nflint.symbolic.solver"), "default"),
                on(properties, "nflint.symbolic.dumpSlow"),
                number(properties, "nflint.symbolic.dumpSlowMs", 300),
                on(properties, "nflint.symbolic.traceEncoded"),
                on(properties, "nflint.symbolic.debug"),
                properties.apply("nflint.symbolic.debugAll") != null,
                on(properties, "nflint.symbolic.noHorizon"),
                on(properties, "nflint.symbolic.profile"),
                number(properties, "nflint.test.slowSolverMillis", 0));
    }

    private static boolean on(Function<String, String> properties, String name) {
        return "true".equalsIgnoreCase(properties.apply(name));
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static long number(Function<String, String> properties, String name, long fallback) {
        String v = properties.apply(name);
        try {
            return v == null ? fallback : Long.decode(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
