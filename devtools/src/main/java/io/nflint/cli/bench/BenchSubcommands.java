package io.nflint.cli.bench;

import io.nflint.cli.MoreSubcommands;
import java.util.List;

/** Adds {@code nflint bench} to a checkout's {@code ./nflint} (see {@link MoreSubcommands}). */
public final class BenchSubcommands implements MoreSubcommands {

    @Override
    public List<Class<?>> commands() {
        return List.of(BenchCommand.class);
    }
}
