/**
 * The typed IR every other module reads: {@link io.nflint.ir.Ruleset} → {@link io.nflint.ir.Table} →
 * {@link io.nflint.ir.Chain} → {@link io.nflint.ir.Rule}, addresses ({@link io.nflint.ir.Ip},
 * {@link io.nflint.ir.IpNet}) and {@link io.nflint.ir.SourceSpan}s on everything. Immutable records
 * with no ANTLR types, so the engines never depend on how the text was parsed.
 */
package io.nflint.ir;
