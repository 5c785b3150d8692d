/**
 * What several checks share and that is not itself a check: the published-port and container probes
 * ({@link io.nflint.rules.support.PortProbes}, {@link io.nflint.rules.support.ContainerProbes}), rule
 * logic's report per input ({@link io.nflint.rules.support.SymbolicRuleLogic}), rule shapes, table
 * scope, spelling hints and how a walk becomes evidence. Values derived from an input are kept in
 * that input's {@link io.nflint.rules.CheckContext} ({@link io.nflint.rules.SharedKey}), never in
 * static fields.
 */
package io.nflint.rules.support;
