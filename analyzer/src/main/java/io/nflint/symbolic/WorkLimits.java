package io.nflint.symbolic;

/**
 * The engine's default work limits, in Z3's resource units ({@code rlimit}: counted steps of the
 * solver, the same on every machine and under any load), and how a system property overrides them.
 *
 * <p>Chosen from the corpus ({@code ../shared/corpus}; rule logic of every rule, not only the ones
 * {@code check} asks about, measured with {@code bench/symbolic.sh shadow}): the costliest single
 * query there took under 4 million units and the costliest rule set (a TUM firewall) about 20
 * million. The defaults leave a wide margin over both, so every rule of every real dump is examined
 * in full (CorpusChecksTest holds them to it), while a pathological input (issue #20's 600
 * mark/CONNMARK rules: over 200 million units) ends, naming what it left undecided. On this
 * project's machine Z3 does very roughly 1.5 million units a second.
 */
public final class WorkLimits {

    /** Z3 takes a solver's {@code rlimit} as an unsigned 32-bit parameter; Java passes it as an int. */
    public static final long MAX_QUERY = Integer.MAX_VALUE;

    /** Per query. */
    public static final long QUERY = 50_000_000L;

    /** Per rule set's rule logic (NFL101-NFL103). */
    public static final long RULE_LOGIC = 100_000_000L;

    /** Per diff of two rule sets. */
    public static final long DIFF = 200_000_000L;

    private WorkLimits() {
    }

    /**
     * The value {@code properties} gives {@code property} (a count of work units; 0 for no limit where
     * {@code min} allows it), else {@code fallback}; a value that is no whole number from {@code min}
     * to {@code max} is refused naming the property.
     */
    static long fromProperty(java.util.function.Function<String, String> properties, String property, long fallback,
                             long min, long max) {
        String v = properties.apply(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("-D" + property + "=" + v + ": expected a whole number"
                    + " from " + min + " to " + max + " (default " + fallback + ")");
        }
        return n;
    }

    /** How a limit reads in a message: "400,000,000 units". */
    public static String units(long n) {
        return String.format(java.util.Locale.ROOT, "%,d units", n);
    }
}
