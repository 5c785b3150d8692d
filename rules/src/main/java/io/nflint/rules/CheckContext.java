package io.nflint.rules;

import io.nflint.analysis.HostAnalysis;
import io.nflint.host.HostModel;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a check looks at: one input (a dump, or the dumps of one host bundle) and what is known
 * about its host (from the bundle's files, or empty for a bare dump: checks that need topology get
 * it inferred from the rules by the analyzer).
 */
public final class CheckContext {

    private final String inputName;
    private final List<Ruleset> rulesets;
    private final List<NftRuleset> nftRulesets;
    private final HostModel host;
    private final boolean bundle;
    private HostAnalysis analysis;
    private final ConcurrentHashMap<Class<?>, Object> shared = new ConcurrentHashMap<>();

    public CheckContext(String inputName, List<Ruleset> rulesets) {
        this(inputName, rulesets, HostModel.empty(), false);
    }

    public CheckContext(String inputName, List<Ruleset> rulesets, HostModel host, boolean bundle) {
        this(inputName, rulesets, List.of(), host, bundle);
    }

    /** An input with native nftables rulesets (a {@code .nft} file, {@code nft -j} JSON, a bundle's nft.*). */
    public CheckContext(String inputName, List<Ruleset> rulesets, List<NftRuleset> nftRulesets, HostModel host,
                        boolean bundle) {
        this.inputName = inputName;
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

    /**
     * The shared analysis of this input (inferred topology, walker, container networks, published
     * ports), built on first use so that checks that need none of it cost nothing.
     */
    public synchronized HostAnalysis analysis() {
        if (analysis == null) {
            analysis = HostAnalysis.of(rulesets, host, bundle);
        }
        return analysis;
    }

    /**
     * A value derived from this input that several checks need (a chain graph, the structural
     * findings the symbolic checks defer to), computed once per input, keyed by its class. Checks
     * may run in parallel: the first caller computes it, the others wait for it.
     */
    public <T> T shared(Class<T> type, Function<CheckContext, ? extends T> compute) {
        return type.cast(shared.computeIfAbsent(type, k -> compute.apply(this)));
    }

    public Optional<Ruleset> ruleset(Family family) {
        return rulesets.stream().filter(r -> r.family() == family).findFirst();
    }
}
