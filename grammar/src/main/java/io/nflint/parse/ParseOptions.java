package io.nflint.parse;

import io.nflint.ir.Family;

/**
 * How to read a dump. {@code family} null means "detect" (header comment, file name, content);
 * {@code defaultTable} is the table for {@code iptables -S} listings, which name none.
 */
public record ParseOptions(Family family, String defaultTable) {

    public static final ParseOptions DETECT = new ParseOptions(null, "filter");

    public ParseOptions withFamily(Family f) {
        return new ParseOptions(f, defaultTable);
    }
}
