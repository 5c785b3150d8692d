package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -i}/{@code -o} (and ebtables' {@code --logical-in}/{@code --logical-out}); a trailing
 * {@code +} matches every interface with that prefix.
 */
public record InterfaceMatch(Kind kind, boolean negated, String name, SourceSpan span) implements Match {

    public enum Kind { IN, OUT, LOGICAL_IN, LOGICAL_OUT }

    public boolean isWildcard() {
        return name.endsWith("+");
    }

    /** Whether the interface name matches, before negation. */
    public boolean nameMatches(String iface) {
        if (iface == null) {
            return false;
        }
        return isWildcard() ? iface.startsWith(name.substring(0, name.length() - 1)) : iface.equals(name);
    }

    @Override
    public String module() {
        return "";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitInterfaceMatch(this);
    }
}
