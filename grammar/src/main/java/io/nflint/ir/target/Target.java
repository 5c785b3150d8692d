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
}
