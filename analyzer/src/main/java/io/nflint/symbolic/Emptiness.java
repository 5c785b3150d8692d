package io.nflint.symbolic;

/** The answer to "is this packet set empty?": the solver may also give up, which is never EMPTY. */
public enum Emptiness {
    EMPTY, NONEMPTY, UNKNOWN
}
