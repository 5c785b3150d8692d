package io.nflint.parse;

import io.nflint.ir.SourceSpan;

/** One option value as written, unquoted and unescaped. */
record Val(String text, SourceSpan span, boolean quoted) {
}
