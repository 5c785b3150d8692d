package io.nflint.cli.catalog;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nflint explain NFL301}: the docs page under a header built from the check's metadata. */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print a check's documentation.")
public final class ExplainCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "A check ID, such as NFL301.")
    String id;

    @Override
    public Integer call() {
        RuleCatalog catalog = RuleCatalog.of(root.services().checks().get());
        RuleMeta meta = catalog.find(id).orElseThrow(() -> NflintException.usage(
                "unknown check ID '" + id + "' (nflint rules lists them)"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(ExplainPage.render(meta));
        out.flush();
        return ExitCode.OK;
    }
}
