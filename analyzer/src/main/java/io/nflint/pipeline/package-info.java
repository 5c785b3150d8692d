/**
 * The kernel's netfilter pipeline as data, shared by both engines and the checks: which tables and chains
 * run at which {@link io.nflint.pipeline.Hook}, in which order, on each {@link io.nflint.pipeline.PacketPath}
 * ({@link io.nflint.pipeline.HookPlan}, {@link io.nflint.pipeline.Stage}), and who jumps where in a
 * table ({@link io.nflint.pipeline.CallGraph}). Written once so the concrete walk and the symbolic
 * engine cannot disagree about hook order or about which hook a chain is reached from.
 */
package io.nflint.pipeline;
