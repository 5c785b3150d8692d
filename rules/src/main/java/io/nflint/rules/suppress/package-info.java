/**
 * Suppression directives in the input: {@link io.nflint.rules.suppress.SuppressionFilter} drops the
 * findings they cover after all checks ran (checks never see directives), and
 * {@link io.nflint.rules.suppress.UnusedSuppressionCheck} reports directives that covered nothing.
 */
package io.nflint.rules.suppress;
