package io.nflint.ir;

/**
 * Something the parser found wrong with the text itself. {@code SYNTAX}: a construct it cannot
 * read; {@code FORMAT}: readable, but {@code iptables-restore} would reject or mangle it (CRLF,
 * BOM, indentation, over-long line); {@code MALFORMED_VALUE}: a value out of range or ill-formed.
 */
public record ParseDiagnostic(Kind kind, String message, SourceSpan span) {

    public enum Kind { SYNTAX, FORMAT, MALFORMED_VALUE }
}
