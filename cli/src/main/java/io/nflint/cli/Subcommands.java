package io.nflint.cli;

import io.nflint.cli.catalog.ExplainCommand;
import io.nflint.cli.catalog.RulesCommand;
import io.nflint.cli.check.CheckCommand;
import java.util.List;
import picocli.AutoComplete;

/**
 * The subcommands of {@code nflint}, in the order {@code --help} lists them. To add one ({@code trace},
 * {@code diff}, {@code matrix}, {@code collect}): write a picocli {@code @Command} class with a
 * {@code @ParentCommand NflintCommand root} field for {@link NflintCommand#services()}, throw
 * {@link NflintException} for user errors, return an exit status from {@code call()}, and list it here.
 */
final class Subcommands {

    private Subcommands() {
    }

    static List<Class<?>> all() {
        List<Class<?>> all = new java.util.ArrayList<>(List.of(
                CheckCommand.class,
                RulesCommand.class,
                ExplainCommand.class,
                io.nflint.cli.trace.TraceCommand.class,
                io.nflint.cli.matrix.MatrixCommand.class,
                io.nflint.cli.collect.CollectCommand.class,
                io.nflint.cli.diff.DiffCommand.class));
        // bench, from the devtools module when it is on the class path (a checkout's ./nflint, not a release)
        java.util.ServiceLoader.load(MoreSubcommands.class, Subcommands.class.getClassLoader()).stream()
                .map(java.util.ServiceLoader.Provider::get)
                .sorted(java.util.Comparator.comparing(p -> p.getClass().getName()))
                .forEach(p -> all.addAll(p.commands()));
        all.add(AutoComplete.GenerateCompletion.class);
        return List.copyOf(all);
    }
}
