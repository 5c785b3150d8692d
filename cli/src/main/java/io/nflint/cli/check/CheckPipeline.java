package io.nflint.cli.check;

import io.nflint.cli.FatalErrors;
import io.nflint.cli.RulesetParser;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.parse.ParseOptions;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import io.nflint.rules.suppress.SuppressionFilter;
import io.nflint.symbolic.EngineOptions;
import java.util.ArrayList;
import java.util.List;

/** Parse, check and filter one input; stateless, so inputs can go through it on several threads. */
final class CheckPipeline {

    private final RulesetParser parser;
    private final CheckSelection selection;
    private final Family familyOverride;
    private final String defaultTable;
    private final boolean suppress;
    private final int checkThreads;
    private NftParseOptions nftOptions = NftParseOptions.defaults();
    private EngineOptions engineOptions = EngineOptions.DEFAULTS;

    CheckPipeline(RulesetParser parser, CheckSelection selection, Family familyOverride, String defaultTable,
                  boolean suppress, int checkThreads) {
        this.parser = parser;
        this.selection = selection;
        this.familyOverride = familyOverride;
        this.defaultTable = defaultTable;
        this.suppress = suppress;
        this.checkThreads = checkThreads;
    }

    /** The symbolic engine's options (work limits) the run was given. */
    CheckPipeline withEngineOptions(EngineOptions options) {
        this.engineOptions = options;
        return this;
    }

    /** The {@code -I} directories for nft includes. */
    CheckPipeline withNftOptions(NftParseOptions options) {
        this.nftOptions = options;
        return this;
    }

    /**
     * Running out of stack or heap on one input is that input's result: the other inputs on the
     * command line are still checked and reported (other bugs stop the run, with --debug's trace).
     */
    InputResult process(InputSource source) {
        try {
            return analyse(source);
        } catch (StackOverflowError | OutOfMemoryError e) {
            return InputResult.failed(source, FatalErrors.sentence(e, source.name()));
        } catch (CheckRunner.CheckFailedException e) {
            if (e.getCause() instanceof StackOverflowError || e.getCause() instanceof OutOfMemoryError) {
                return InputResult.failed(source, FatalErrors.sentence(e, source.name()));
            }
            throw e;
        }
    }

    private InputResult analyse(InputSource source) {
        List<Ruleset> rulesets = new ArrayList<>();
        List<NftRuleset> nft = new ArrayList<>();
        for (DumpInput dump : source.dumps()) {
            InputFormat format = InputFormat.detect(dump.displayName(), dump.content());
            if (format != InputFormat.XTABLES) {
                nft.add(NftInputs.parse(dump, format, nftOptions));
                continue;
            }
            // a bundle's file names say the family for certain; --family only overrides detection
            Family family = dump.family() != null ? dump.family() : familyOverride;
            String table = defaultTable != null ? defaultTable : InputShape.listingTable(dump.content());
            rulesets.add(parser.parse(dump.displayName(), dump.content(), new ParseOptions(family, table)));
        }
        List<NftRuleset> parsed = List.copyOf(nft);
        if (source.isBundle() && !rulesets.isEmpty()) {
            // iptables-nft: the bundle's iptables-save dumps already hold the xtables tables nft lists again
            java.util.Set<io.nflint.ir.nft.NftFamily> dumped = java.util.EnumSet.noneOf(io.nflint.ir.nft.NftFamily.class);
            for (Ruleset r : rulesets) {
                dumped.add(switch (r.family()) {
                    case IPV4 -> io.nflint.ir.nft.NftFamily.IP;
                    case IPV6 -> io.nflint.ir.nft.NftFamily.IP6;
                    case BRIDGE -> io.nflint.ir.nft.NftFamily.BRIDGE;
                    case ARP -> io.nflint.ir.nft.NftFamily.ARP;
                });
            }
            nft.replaceAll(n -> io.nflint.nft.parse.XtablesCompat.withoutXtablesTables(n, dumped));
        }
        if (source.nftHooks() != null) {
            nft = new ArrayList<>(NftHooksInput.attach(source.nftHooks(), parsed, nft));
        }
        CheckRunner runner = new CheckRunner(selection.checks(), selection.severity()).withThreads(checkThreads);
        List<Finding> findings = runner.run(source.isBundle()
                ? new CheckContext(source.name(), rulesets, nft, source.host(), true, engineOptions)
                : new CheckContext(source.name(), rulesets, nft, io.nflint.host.HostModel.empty(), false, engineOptions));
        int suppressed = 0;
        if (suppress) {
            SuppressionFilter.Result r = SuppressionFilter.apply(findings, rulesets, nft, new SuppressionFilter.Options(
                    selection.knownIds(), selection.ranIds(), selection.unusedSuppressionSeverity()));
            findings = new ArrayList<>(r.kept());
            suppressed = r.suppressed().size();
            findings.sort(CheckRunner.ORDER);
        }
        return new InputResult(source, rulesets, findings, suppressed, nft);
    }
}
