package io.nflint.rules;

import io.nflint.ir.SourceSpan;

/** Another place that explains a finding, such as the earlier rule that shadows it. */
public record Related(SourceSpan span, String message) {
}
