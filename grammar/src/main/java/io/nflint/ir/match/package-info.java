/**
 * One record per iptables/ebtables match module, under the sealed {@link io.nflint.ir.match.Match}
 * interface; what nflint cannot model is kept verbatim, as a record of its own.
 * Sealed, so that every engine's treatment of a module is checked by the compiler.
 */
package io.nflint.ir.match;
