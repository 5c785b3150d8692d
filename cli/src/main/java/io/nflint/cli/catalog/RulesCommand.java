package io.nflint.cli.catalog;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nflint rules}: one line per check, in ID order. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List the checks: ID, name, default severity, summary.")
public final class RulesCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RuleMeta> rules = RuleCatalog.of(root.services().checks().get()).all();
        int nameWidth = "NAME".length();
        for (RuleMeta m : rules) {
            nameWidth = Math.max(nameWidth, m.name().length());
        }
        String row = "%-6s  %-" + nameWidth + "s  %-8s  %s%n";
        out.printf(row, "ID", "NAME", "SEVERITY", "SUMMARY");
        for (RuleMeta m : rules) {
            out.printf(row, m.id(), m.name(), m.severity().label(), m.summary());
        }
        out.flush();
        return ExitCode.OK;
    }
}
