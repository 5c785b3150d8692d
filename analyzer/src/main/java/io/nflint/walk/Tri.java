package io.nflint.walk;

/** Kleene's three-valued logic for matches: a rule matches TRUE, FALSE, or UNKNOWN (fork). */
public enum Tri {
    TRUE, FALSE, UNKNOWN;

    public static Tri of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public Tri and(Tri o) {
        if (this == FALSE || o == FALSE) {
            return FALSE;
        }
        return this == UNKNOWN || o == UNKNOWN ? UNKNOWN : TRUE;
    }

    public Tri negate(boolean negated) {
        if (!negated || this == UNKNOWN) {
            return this;
        }
        return this == TRUE ? FALSE : TRUE;
    }
}
