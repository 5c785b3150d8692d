package io.nflint.cli.check;

import io.nflint.cli.CliServices;
import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import io.nflint.cli.VersionProvider;
import io.nflint.cli.baseline.BaselineFile;
import io.nflint.cli.catalog.RuleCatalog;
import io.nflint.cli.config.Config;
import io.nflint.cli.config.ConfigLoader;
import io.nflint.cli.config.ConfigLocator;
import io.nflint.cli.config.FailLevel;
import io.nflint.cli.config.IgnoreEntry;
import io.nflint.cli.output.CheckOutput;
import io.nflint.cli.output.OutputTarget;
import io.nflint.cli.report.ReportData;
import io.nflint.cli.report.SourceTexts;
import io.nflint.cli.report.Summary;
import io.nflint.ir.Family;
import io.nflint.rules.Check;
import io.nflint.rules.Finding;
import io.nflint.rules.baseline.Baseline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nflint check INPUT...}: the linter itself. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check dumps (iptables-save, ip6tables-save, ebtables-save, iptables -S), nftables rulesets "
                + "(nft -f files, nftables.conf, nft list ruleset, nft -j list ruleset) and host bundle "
                + "directories, and report what is wrong with them."},
        footer = {"", "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad invocation, "
                + "unreadable input or an input with syntax errors, 3 internal error."})
public final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "A dump file, a host bundle directory (iptables.rules, ip6tables.rules, ebtables.rules), or - for stdin.")
    List<String> inputs;

    @Mixin
    CheckOutput output;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "Exit 1 when a finding is at or above LEVEL: error, warning, info, none (default: warning, or fail-on in the config).")
    FailLevel failOn;

    @Option(names = "--table", paramLabel = "NAME",
            description = "Table of an 'iptables -S' listing, which names none (default: the one its built-in chains'"
                    + " -P lines name, else filter).")
    String table;

    @Option(names = "--family", paramLabel = "FAMILY",
            description = "Read single dumps as ipv4, ipv6 or bridge instead of detecting it.")
    Family family;

    @Option(names = {"-I", "--include-path"}, paramLabel = "DIR",
            description = "Directory to search for nft include files, as nft -I (repeatable; relative includes are also"
                    + " looked up beside the including file).")
    List<Path> includePath = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: .nflint.yaml found upward from the first input).")
    Path config;

    @Option(names = "--no-suppress", description = "Ignore nflint-disable directives (for audits).")
    boolean noSuppress;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Report only findings not in this baseline.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE", description = "Write the findings as a baseline to FILE.")
    Path writeBaseline;

    @Option(names = "--enable", split = ",", paramLabel = "ID", description = "Run only these checks (IDs or prefixes such as NFL3).")
    List<String> enable = new ArrayList<>();

    @Option(names = "--disable", split = ",", paramLabel = "ID", description = "Do not run these checks.")
    List<String> disable = new ArrayList<>();

    @Option(names = "--color", negatable = true,
            description = "Colour the text output (default: only on a terminal, and not when NO_COLOR is set).")
    Boolean color;

    @Override
    public Integer call() throws Exception {
        CliServices services = root.services();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (family == Family.ARP) {
            throw NflintException.usage("--family: arp is not supported (use ipv4, ipv6 or bridge)");
        }
        List<Check> allChecks = services.checks().get();
        RuleCatalog catalog = RuleCatalog.of(allChecks);
        Config cfg = loadConfig(services, catalog);
        CheckSelection selection = CheckSelection.of(allChecks, cfg, enable, disable);
        List<OutputTarget> targets = output.targets(services.cwd());

        List<InputSource> sources = new ArrayList<>();
        for (String arg : inputs) {
            for (InputSource source : InputReader.readAll(arg, services.cwd(), services.stdin())) {
                InputShape.validate(source);
                sources.add(source);
            }
        }
        // several inputs already keep every core busy, one input at a time; one input spreads its checks
        int checkThreads = sources.size() == 1 ? Runtime.getRuntime().availableProcessors() : 1;
        CheckPipeline pipeline = new CheckPipeline(services.parser(), selection, family, table, !noSuppress, checkThreads)
                .withEngineOptions(root.options().engine())
                .withNftOptions(new io.nflint.nft.parse.NftParseOptions(
                        includePath.stream().map(p -> services.cwd().resolve(p)).toList()));
        List<InputResult> results = ParallelRun.run(pipeline, sources, err,
                services.stderrTerminal() && !output.quiet());

        List<Finding> findings = new ArrayList<>();
        List<String> files = new ArrayList<>();
        SourceTexts texts = new SourceTexts();
        int suppressed = 0;
        for (InputResult r : results) {
            for (DumpInput d : r.source().dumps()) {
                files.add(d.displayName());
                texts.add(d.displayName(), d.content());
            }
            for (io.nflint.ir.nft.NftRuleset n : r.nftRulesets()) {
                // files an nft input included: their findings quote their lines like any other
                n.includedTexts().forEach((name, text) -> {
                    if (!files.contains(name)) {
                        files.add(name);
                        texts.add(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                });
            }
            suppressed += r.suppressed();
            for (Finding f : r.findings()) {
                if (ignored(cfg, services, f)) {
                    suppressed++;
                } else {
                    findings.add(f);
                }
            }
        }
        int baselined = 0;
        List<Finding> reported = output.filter(findings);
        // a baseline holds findings to live with; an input that could not be read is never one of them
        java.util.function.Predicate<Finding> livable = f -> !catalog.get(f.id()).inputError();
        List<Finding> baselinable = findings.stream().filter(livable).toList();
        if (baseline != null) {
            List<Finding> candidates = reported.stream().filter(livable).toList();
            Baseline.Split split = BaselineFile.read(services.cwd().resolve(baseline)).split(candidates);
            java.util.Set<Finding> known = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            known.addAll(split.known());
            reported = reported.stream().filter(f -> !known.contains(f)).toList();
            baselined = split.known().size();
        }
        if (writeBaseline != null) {
            // the whole current state, so "--baseline b --write-baseline b" refreshes it
            BaselineFile.write(services.cwd().resolve(writeBaseline), Baseline.of(baselinable), VersionProvider.version());
        }

        Summary summary = Summary.of(reported, files.size(), suppressed, baselined);
        ReportData data = new ReportData(VersionProvider.version(), reported, files, catalog, services.cwd(), texts, summary,
                ReportStages.of(results));
        output.write(targets, data, services.cwd(), out, useColor(services));
        output.finish(data, err);
        boolean failed = false;
        for (InputResult r : results) {
            if (r.failure() != null) {
                err.println("nflint: " + r.failure());
                failed = true;
            }
        }
        err.flush();
        int code = exitCode(reported, catalog, failOn != null ? failOn : cfg.failOn().orElse(FailLevel.WARNING));
        return failed ? ExitCode.INTERNAL_ERROR : code;
    }

    private Config loadConfig(CliServices services, RuleCatalog catalog) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        catalog.all().forEach(m -> known.add(m.id()));
        if (config != null) {
            return ConfigLoader.load(services.cwd().resolve(config), known);
        }
        String first = inputs.get(0);
        Path start = first.equals("-") ? services.cwd() : services.cwd().resolve(first);
        String home = services.env().getOrDefault("HOME", System.getProperty("user.home", "/"));
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> found = ConfigLocator.find(start, Path.of(home), why -> err.println("nflint: warning: " + why));
        return found.map(p -> ConfigLoader.load(p, known)).orElse(Config.NONE);
    }

    private static boolean ignored(Config cfg, CliServices services, Finding f) {
        if (cfg.ignore().isEmpty() || f.span() == null || f.span().file().startsWith("<")) {
            return false;
        }
        Path file = services.cwd().resolve(f.span().file());
        for (IgnoreEntry e : cfg.ignore()) {
            if (e.covers(file, f.id())) {
                return true;
            }
        }
        return false;
    }

    private boolean useColor(CliServices services) {
        if (color != null) {
            return color;
        }
        String noColor = services.env().get("NO_COLOR");
        return services.stdoutTerminal() && (noColor == null || noColor.isEmpty());
    }

    static int exitCode(List<Finding> findings, RuleCatalog catalog, FailLevel failLevel) {
        Map<String, Boolean> inputError = new TreeMap<>();
        boolean fail = false;
        for (Finding f : findings) {
            if (inputError.computeIfAbsent(f.id(), id -> catalog.get(id).inputError())) {
                return ExitCode.BAD_INPUT;
            }
            if (failLevel.threshold().map(t -> f.severity().atLeast(t)).orElse(false)) {
                fail = true;
            }
        }
        return fail ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
