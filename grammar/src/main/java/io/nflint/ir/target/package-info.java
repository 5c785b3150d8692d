/**
 * One record per target ({@link io.nflint.ir.target.Jump}, {@link io.nflint.ir.target.Goto},
 * {@link io.nflint.ir.target.Verdict}, NAT, marks …) under the sealed {@link io.nflint.ir.target.Target};
 * unmodelled targets stay verbatim as {@link io.nflint.ir.target.UnknownTarget}, which the engines
 * treat as "may".
 */
package io.nflint.ir.target;
