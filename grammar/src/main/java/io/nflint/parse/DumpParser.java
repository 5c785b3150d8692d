package io.nflint.parse;

import io.nflint.ir.Ruleset;

/** Entry point: reads one dump into a {@link Ruleset}; never throws on bad input. */
public final class DumpParser {

    private DumpParser() {
    }

    /**
     * Parses {@code content} (raw bytes: BOM, CRLF and invalid UTF-8 are diagnosed, not fatal).
     * {@code displayName} is the file name findings will carry.
     */
    public static Ruleset parse(String displayName, byte[] content, ParseOptions options) {
        throw new UnsupportedOperationException("being written");
    }
}
