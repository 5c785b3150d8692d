/**
 * Slicing, before any solver runs: {@link io.nflint.symbolic.slice.Box} (the header box a rule's matches
 * allow), {@link io.nflint.symbolic.slice.Slice} (a union of boxes a query is about),
 * {@link io.nflint.symbolic.slice.CallContexts} (the packets that can reach each chain over its call
 * paths) and {@link io.nflint.symbolic.slice.ChainSliceIndex} (the rules of a long chain that overlap a
 * slice). They keep 100k-rule dumps fast by encoding only the rules that can matter; no Z3 here.
 */
package io.nflint.symbolic.slice;
