package io.nflint.rules;

import io.nflint.analysis.HostAnalysis;
import io.nflint.host.HostModel;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.symbolic.EngineOptions;
import java.util.List;
import java.util.Optional;

/**
 * What a check looks at: one input (a dump, or the dumps of one host bundle) and what is known
 * about its host (from the bundle's files, or empty for a bare dump: checks that need topology get
 * it inferred from the rules by the analyzer).
 *
 * <p>It is also the only home of what the checks of one input share ({@link #shared(SharedKey)}):
 * nothing derived from an input is kept in a static field, so two inputs of one run never see each
 * other's analyses, and everything goes when the input's context does.
 */
public final class CheckContext {

    private final String inputName;
    private final List<Ruleset> rulesets;
    private final List<NftRuleset> nftRulesets;
    private final HostModel host;
    private final boolean bundle;
    private final EngineOptions engineOptions;
    private final InputMemo memo = new InputMemo();

    /** Every rule of the input lowered once (what each rule tests, read by the checks instead of match records). */
    private static final SharedKey<io.nflint.lower.LoweredRuleset> LOWERED = SharedKey.of("lowered rules",
            c -> io.nflint.lower.LoweredRuleset.of(c.rulesets));

    /** The host analysis (inferred topology, walker, container networks, published ports) of one input. */
    private static final SharedKey<HostAnalysis> ANALYSIS = SharedKey.of("host analysis",
            c -> HostAnalysis.of(c.rulesets, c.nftRulesets.isEmpty() ? null : c.nftRulesets.get(0), c.host, c.bundle,
                    c.shared(LOWERED)));

    public CheckContext(String inputName, List<Ruleset> rulesets) {
        this(inputName, rulesets, HostModel.empty(), false);
    }

    public CheckContext(String inputName, List<Ruleset> rulesets, HostModel host, boolean bundle) {
        this(inputName, rulesets, List.of(), host, bundle);
    }

    /** An input with native nftables rulesets (a {@code .nft} file, {@code nft -j} JSON, a bundle's nft.*). */
    public CheckContext(String inputName, List<Ruleset> rulesets, List<NftRuleset> nftRulesets, HostModel host,
                        boolean bundle) {
        this(inputName, rulesets, nftRulesets, host, bundle, EngineOptions.DEFAULTS);
    }

    /** The same, with the symbolic engine's options (work limits) that the run was given. */
    public CheckContext(String inputName, List<Ruleset> rulesets, List<NftRuleset> nftRulesets, HostModel host,
                        boolean bundle, EngineOptions engineOptions) {
        this.inputName = inputName;
        this.engineOptions = java.util.Objects.requireNonNull(engineOptions);
        this.rulesets = List.copyOf(rulesets);
        this.nftRulesets = List.copyOf(nftRulesets);
        this.host = host;
        this.bundle = bundle;
    }

    public String inputName() {
        return inputName;
    }

    public List<Ruleset> rulesets() {
        return rulesets;
    }

    public List<NftRuleset> nftRulesets() {
        return nftRulesets;
    }

    /** The host model of a bundle; {@link HostModel#empty()} for a bare dump. */
    public HostModel host() {
        return host;
    }

    /** True when the input was a host bundle (so missing files are facts, not just unknowns). */
    public boolean isBundle() {
        return bundle;
    }

    /** The options of the symbolic engine the checks of this run open (its work limits). */
    public EngineOptions engineOptions() {
        return engineOptions;
    }

    /**
     * The shared analysis of this input (inferred topology, walker, container networks, published
     * ports), built on first use so that checks that need none of it cost nothing.
     */
    public HostAnalysis analysis() {
        return shared(ANALYSIS);
    }

    /**
     * A value derived from this input that several checks need (the host analysis, chain graphs,
     * the structural findings the symbolic checks defer to), computed once per input on first use.
     * Checks may run in parallel: the first caller computes it, the others wait for it.
     */
    public <T> T shared(SharedKey<T> key) {
        return memo.get(key, this);
    }

    /** The rule lowered: from the input's rules lowered once; a rule the checks generated is lowered on the spot. */
    public io.nflint.lower.LoweredRule lowered(io.nflint.ir.Rule r) {
        return shared(LOWERED).get(r);
    }

    /** How many shared values this input has computed so far (for tests: each key at most once). */
    public int sharedComputed() {
        return memo.computed();
    }

    public Optional<Ruleset> ruleset(Family family) {
        return rulesets.stream().filter(r -> r.family() == family).findFirst();
    }
}
