package io.nflint.cli.collect;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import io.nflint.host.collect.BundleCollector;
import io.nflint.host.collect.CollectReport;
import io.nflint.host.collect.ProcessCommandRunner;
import io.nflint.host.collect.RulesUnreadableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nflint collect DIR}: writes a host bundle from this host with read-only commands
 * ({@code iptables-save}, {@code ip -j addr}, {@code docker inspect} …), skipping what is missing.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Write a host bundle for 'nflint check DIR' from this host.",
                "Runs only read-only commands (iptables-save, nft list ruleset/hooks, ip -j addr/route/link, sysctl, ipset save,",
                "docker inspect, ss); what is not installed or not permitted is skipped and reported."})
public final class CollectCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR",
            description = "A new (or empty) directory to write the bundle into; created with mode 0700, its files 0600.")
    Path dir;

    @picocli.CommandLine.Option(names = "--keep-secrets",
            description = "Save docker/podman inspect output verbatim; by default environment values, commands and "
                    + "entrypoints are redacted (the bundle's nflint-collect.json records which was done).")
    boolean keepSecrets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = root.services().cwd().resolve(dir);
        CollectReport report;
        try {
            report = new BundleCollector(new ProcessCommandRunner(), keepSecrets).collect(target);
        } catch (RulesUnreadableException e) {
            throw new NflintException("collect: " + e.getMessage(), ExitCode.BAD_INPUT, false);
        } catch (IOException e) {
            throw new NflintException("collect: cannot write the bundle: " + (e.getMessage() == null ? e.toString()
                    : e.getMessage()), ExitCode.BAD_INPUT, false);
        }
        for (CollectReport.Written w : report.written()) {
            out.println("wrote   " + w.file() + "  (" + String.join(" ", w.command()) + ")");
        }
        for (CollectReport.Skipped s : report.skipped()) {
            err.println("skipped " + s.file() + ": " + s.reason());
        }
        err.println(keepSecrets ? "nflint: inspect output saved verbatim (--keep-secrets): the bundle may hold passwords"
                : "nflint: environment values, commands and entrypoints in inspect output were redacted (--keep-secrets keeps them)");
        out.flush();
        err.flush();
        return report.written().isEmpty() ? ExitCode.BAD_INPUT : ExitCode.OK;
    }
}
