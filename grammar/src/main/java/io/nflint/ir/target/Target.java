package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/**
 * What a rule does when it matches. Terminal targets end the traversal of the hook; the others
 * change the packet or its connection and let the next rule see it.
 */
public sealed interface Target permits Verdict, Reject, Jump, Goto, NoTarget, Log, Nflog, Trace, MarkTarget,
        ConnmarkTarget, Dnat, Snat, Masquerade, Redirect, Netmap, Ct, Notrack, Checksum, Tcpmss, UnknownTarget {

    SourceSpan span();

    /** The name as written after {@code -j}. */
    String name();

    /** Whether the traversal of this table's hook ends when the rule matches. */
    boolean terminal();

    /** Calls the visitor's method for this target's record. */
    <R> R accept(Visitor<R> v);

    /**
     * One method per target record: a new target fails to compile until every visitor — the
     * capability table above all — says what it does.
     */
    interface Visitor<R> {

        R visitChecksum(Checksum t);

        R visitConnmarkTarget(ConnmarkTarget t);

        R visitCt(Ct t);

        R visitDnat(Dnat t);

        R visitGoto(Goto t);

        R visitJump(Jump t);

        R visitLog(Log t);

        R visitMarkTarget(MarkTarget t);

        R visitMasquerade(Masquerade t);

        R visitNetmap(Netmap t);

        R visitNflog(Nflog t);

        R visitNoTarget(NoTarget t);

        R visitNotrack(Notrack t);

        R visitRedirect(Redirect t);

        R visitReject(Reject t);

        R visitSnat(Snat t);

        R visitTcpmss(Tcpmss t);

        R visitTrace(Trace t);

        R visitUnknownTarget(UnknownTarget t);

        R visitVerdict(Verdict t);
    }
}
