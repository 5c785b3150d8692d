/**
 * iptables-save, ip6tables-save and ebtables-save dumps: {@link io.nflint.parse.DumpParser} reads one
 * into a {@link io.nflint.ir.Ruleset} and never throws on bad input ({@link io.nflint.parse.ParseOptions}).
 * Lines are parsed one at a time with a reused lexer and parser, and match options are built into typed
 * records here rather than in the grammar, so large dumps stay within small memory.
 */
package io.nflint.parse;
