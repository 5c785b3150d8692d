package io.nflint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command; subcommands reach the environment through {@link #services()} and {@link #options()}. */
@Command(name = "nflint", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Static analyzer and linter for netfilter rule sets (iptables-save, ip6tables-save, ebtables-save).",
        footer = {"", "Exit status: 0 nothing at or above the fail level, 1 findings, 2 bad input or invocation,",
                "3 internal error. See docs/cli.md."})
public final class NflintCommand implements Callable<Integer> {

    private final CliServices services;
    private final RunOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an internal error.")
    boolean debug;

    public NflintCommand(CliServices services, RunOptions options) {
        this.services = services;
        this.options = options;
    }

    /** The run's options from {@code -D} properties (engine work limits), read once by {@link Main}. */
    public RunOptions options() {
        return options;
    }

    public CliServices services() {
        return services;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (check, rules, explain, …)");
    }
}
