package io.nflint.lower;

import io.nflint.ir.target.Checksum;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Log;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.Netmap;
import io.nflint.ir.target.Nflog;
import io.nflint.ir.target.NoTarget;
import io.nflint.ir.target.Notrack;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Snat;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Tcpmss;
import io.nflint.ir.target.Trace;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.ir.target.Verdict;

/**
 * What a target does to the packet and its connection, beyond whether it ends the traversal
 * ({@link Target#terminal()}): the one table checks and engines ask ("does deleting this rule lose
 * a log line?", "does this rule only set a mark?") instead of listing target types themselves. The
 * visitor makes a new target fail to compile until it has a kind here.
 */
public enum TargetKind {
    /** ACCEPT, DROP, RETURN, ebtables' CONTINUE. */
    VERDICT,
    /** REJECT: a verdict that also answers the sender. */
    REJECT,
    /** -j / -g to a user chain. */
    CALL,
    /** No target: the rule only counts. */
    COUNT,
    /** LOG, NFLOG: a log line per packet, nothing else changes. */
    LOG,
    /** TRACE: the kernel's trace of the packet. */
    TRACE,
    /** MARK, CONNMARK: a mark later rules and tables may match. */
    MARK,
    /** NOTRACK, CT: the connection tracking of the packet. */
    CONNTRACK,
    /** DNAT, SNAT, MASQUERADE, REDIRECT, NETMAP: the connection's address mapping. */
    NAT,
    /** TCPMSS, CHECKSUM: rewrites header fields no match module of nflint reads. */
    REWRITE,
    /** A target nflint does not know: anything may happen. */
    UNKNOWN;

    /** Counts, logs or traces the packet and changes nothing the packet or a later rule sees. */
    public boolean onlyObserves() {
        return this == COUNT || this == LOG || this == TRACE;
    }

    /** Sets state (a mark, the conntrack entry's tracking) that later rules may match. */
    public boolean setsState() {
        return this == MARK || this == CONNTRACK;
    }

    public static TargetKind of(Target t) {
        return t.accept(KINDS);
    }

    private static final Target.Visitor<TargetKind> KINDS = new Target.Visitor<>() {
        @Override
        public TargetKind visitChecksum(Checksum t) {
            return REWRITE;
        }

        @Override
        public TargetKind visitConnmarkTarget(ConnmarkTarget t) {
            return MARK;
        }

        @Override
        public TargetKind visitCt(Ct t) {
            return CONNTRACK;
        }

        @Override
        public TargetKind visitDnat(Dnat t) {
            return NAT;
        }

        @Override
        public TargetKind visitGoto(Goto t) {
            return CALL;
        }

        @Override
        public TargetKind visitJump(Jump t) {
            return CALL;
        }

        @Override
        public TargetKind visitLog(Log t) {
            return LOG;
        }

        @Override
        public TargetKind visitMarkTarget(MarkTarget t) {
            return MARK;
        }

        @Override
        public TargetKind visitMasquerade(Masquerade t) {
            return NAT;
        }

        @Override
        public TargetKind visitNetmap(Netmap t) {
            return NAT;
        }

        @Override
        public TargetKind visitNflog(Nflog t) {
            return LOG;
        }

        @Override
        public TargetKind visitNoTarget(NoTarget t) {
            return COUNT;
        }

        @Override
        public TargetKind visitNotrack(Notrack t) {
            return CONNTRACK;
        }

        @Override
        public TargetKind visitRedirect(Redirect t) {
            return NAT;
        }

        @Override
        public TargetKind visitReject(Reject t) {
            return REJECT;
        }

        @Override
        public TargetKind visitSnat(Snat t) {
            return NAT;
        }

        @Override
        public TargetKind visitTcpmss(Tcpmss t) {
            return REWRITE;
        }

        @Override
        public TargetKind visitTrace(Trace t) {
            return TRACE;
        }

        @Override
        public TargetKind visitUnknownTarget(UnknownTarget t) {
            return UNKNOWN;
        }

        @Override
        public TargetKind visitVerdict(Verdict t) {
            return VERDICT;
        }
    };
}
