package io.nflint.ir;

/**
 * Something the parser found wrong with the text itself. {@code SYNTAX}: a construct it cannot
 * read; {@code MALFORMED_VALUE}: a value out of range or ill-formed (both mean the IR misses that
 * line); {@code RESTORE_FAILS}: readable, but {@code iptables-restore} would reject or mangle it
 * (CRLF, BOM, indentation, an over-long line, a command on a missing chain); {@code QUIRK}: odd but
 * accepted by restore (bytes that are not UTF-8, counters it ignores).
 */
public record ParseDiagnostic(Kind kind, String message, SourceSpan span) {

    public enum Kind { SYNTAX, MALFORMED_VALUE, RESTORE_FAILS, QUIRK }
}
