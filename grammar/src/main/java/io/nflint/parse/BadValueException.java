package io.nflint.parse;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;

/** A value or option a rule cannot be built with; the rule is reported and left out. */
final class BadValueException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SourceSpan span;
    final ParseDiagnostic.Kind kind;

    BadValueException(ParseDiagnostic.Kind kind, String message, SourceSpan span) {
        super(message, null, false, false);
        this.kind = kind;
        this.span = span;
    }

    static BadValueException value(String message, SourceSpan span) {
        return new BadValueException(ParseDiagnostic.Kind.MALFORMED_VALUE, message, span);
    }

    static BadValueException restoreFails(String message, SourceSpan span) {
        return new BadValueException(ParseDiagnostic.Kind.RESTORE_FAILS, message, span);
    }

    static BadValueException syntax(String message, SourceSpan span) {
        return new BadValueException(ParseDiagnostic.Kind.SYNTAX, message, span);
    }
}
