package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/** {@code -m pkttype --pkt-type unicast|broadcast|multicast} (ebtables adds host/otherhost). */
public record PkttypeMatch(boolean negated, String type, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "pkttype";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitPkttypeMatch(this);
    }
}
