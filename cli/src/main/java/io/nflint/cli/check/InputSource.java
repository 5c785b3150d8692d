package io.nflint.cli.check;

import java.util.List;

/** One argument of {@code nflint check}: a dump, stdin, or a host bundle of several dumps. */
public record InputSource(String name, List<DumpInput> dumps) {
    public InputSource {
        dumps = List.copyOf(dumps);
    }
}
