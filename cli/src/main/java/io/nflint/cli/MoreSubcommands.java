package io.nflint.cli;

import java.util.List;

/**
 * Subcommands that are not part of the release: a module on the class path of a checkout's
 * {@code ./nflint} (devtools: {@code bench}) lists them in
 * {@code META-INF/services/io.nflint.cli.MoreSubcommands}, and {@code --help} shows them before
 * {@code generate-completion}. Written like the others ({@link Subcommands}).
 */
public interface MoreSubcommands {

    List<Class<?>> commands();
}
